#!/usr/bin/env node
// Checks a Triad ledger export (`npm run triad -- ledger-export`) with nothing but Node.js ≥ 18:
// no project code, no dependencies, no database. Copy this file next to the export and run
//   node verify-ledger-export.mjs ledger.jsonl [--public-key triad-ledger-key.pem]
// It recomputes every entry's SHA-256 over its RFC 8785 canonical JSON (from the header's
// verbatimFrom on, over the details exactly as written, as the database verifies them), checks every link, and
// checks each signed checkpoint (Ed25519 over "triad-ledger-checkpoint/v1\n<seq>\n<head hash>\n<time>")
// against the entry it names. Pass the public key published at /.well-known/triad-ledger-key
// (or shown on the Audit page) with --public-key: otherwise the keys in the file are used and
// only their fingerprints are printed for you to compare. Exit code 0 = intact, 1 = broken.
import crypto, { createHash, createPublicKey, verify } from "node:crypto";
import { createReadStream, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: { "public-key": { type: "string" } },
  allowPositionals: true,
});
if (positionals.length !== 1) {
  console.error("usage: node verify-ledger-export.mjs EXPORT.jsonl [--public-key KEY.pem]");
  process.exit(2);
}

// RFC 8785: keys sorted by UTF-16 code units, values as JSON.stringify writes them. Objects
// with integer-like keys are written by hand (JavaScript enumerates those keys first).
const INDEX_KEY = /^(?:0|[1-9]\d*)$/;
function canonical(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
}
function sortedCopy(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const out = {};
  for (const k of Object.keys(value).sort()) {
    if (INDEX_KEY.test(k)) throw INDEX_KEY;
    // Assigning "__proto__" would set the prototype and drop the member: define it instead.
    if (k === "__proto__")
      Object.defineProperty(out, k, {
        value: sortedCopy(value[k]),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = sortedCopy(value[k]);
  }
  return out;
}
function canonicalFast(value) {
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (e) {
    if (e === INDEX_KEY) return canonical(value);
    throw e;
  }
}
// crypto.hash (Node ≥ 20.12) skips the Hash object; createHash elsewhere.
const sha256 = crypto.hash
  ? (text) => crypto.hash("sha256", text, "hex")
  : (text) => createHash("sha256").update(text).digest("hex");
const s = JSON.stringify;
// The entry's canonical text with its top-level keys written in their sorted order. `raw` is the
// details text exactly as the file holds it, hashed as it is (entries from the header's
// verbatimFrom on); otherwise the details are written in canonical form.
function entryHash(e, raw) {
  const details = raw ?? canonicalFast(e.details ?? {});
  return sha256(
    `{"action":${s(e.action)},"actor":${s(e.actor)},"actorKind":${s(e.actorKind)},"actorName":${s(e.actorName ?? null)},"at":${s(e.at)},"details":${details},"prevHash":${s(e.prevHash)},"seq":${s(e.seq)},"target":${s(e.target ?? null)}}`,
  );
}
// An entry line's details as written: after the first `,"details":` (a JSON string never holds
// `,"`, its quotes are escaped) and before the last `,"prevHash":` (only hex strings follow it).
function rawDetails(line) {
  const start = line.indexOf(',"details":');
  const end = line.lastIndexOf(',"prevHash":');
  return start < 0 || end < start ? null : line.slice(start + 11, end);
}
const keyIdOf = (key) =>
  createHash("sha256")
    .update(Buffer.from(key.export({ format: "jwk" }).x, "base64url"))
    .digest("hex")
    .slice(0, 16);
const payload = (c) => Buffer.from(`triad-ledger-checkpoint/v1\n${c.seq}\n${c.headHash}\n${c.at}`, "utf8");

const problems = [];
const fail = (seq, reason) => {
  problems.push(`#${seq}: ${reason}`);
};

const lines = createInterface({
  input: createReadStream(positionals[0], { encoding: "utf8" }),
  crlfDelay: Infinity,
});
let header = null;
let verbatimFrom = null;
const keys = new Map();
const checkpoints = new Map();
let expectedSeq = 0n;
let prevHash = "";
let entries = 0;
let signedUpTo = null;
let checkpointsMatched = 0;
const started = process.hrtime.bigint();

let lineNo = 0;
for await (const line of lines) {
  lineNo++;
  if (!line) continue;
  let record;
  try {
    record = JSON.parse(line);
  } catch {
    // A line that is not JSON (an edited file, a newline inside a record) is a finding, not a crash.
    fail(expectedSeq, `line ${lineNo} is not a JSON record (the file was altered or cut)`);
    break;
  }
  if (!header) {
    if (record.type !== "header" || record.format !== "triad-ledger-export/v1") {
      console.error("not a Triad ledger export (triad-ledger-export/v1)");
      process.exit(1);
    }
    header = record;
    expectedSeq = BigInt(record.from);
    // Exports made before the mark existed compare every entry by its canonical form.
    verbatimFrom = /^[1-9]\d{0,18}$/.test(record.verbatimFrom ?? "") ? BigInt(record.verbatimFrom) : null;
    prevHash = record.prevHash;
    if (values["public-key"]) {
      const pinned = createPublicKey(readFileSync(values["public-key"], "utf8"));
      keys.set(keyIdOf(pinned), pinned);
    } else {
      for (const k of record.keys)
        keys.set(keyIdOf(createPublicKey(k.publicKeyPem)), createPublicKey(k.publicKeyPem));
    }
    continue;
  }
  if (record.type === "checkpoint") {
    const key = keys.get(record.keyId);
    if (!key)
      fail(
        record.seq,
        `checkpoint signed by key ${record.keyId}, which is not ${values["public-key"] ? "the key given" : "in the export"}`,
      );
    else if (!verify(null, payload(record), key, Buffer.from(record.signature, "base64url")))
      fail(record.seq, "checkpoint signature is invalid");
    else checkpoints.set(record.seq, record);
    // A checkpoint on the entry just before the slice vouches for the hash the slice starts from.
    if (BigInt(record.seq) === BigInt(header.from) - 1n && checkpoints.has(record.seq)) {
      if (record.headHash !== header.prevHash)
        fail(record.seq, "the slice does not start from the hash this checkpoint signed");
      else checkpointsMatched++;
    }
    continue;
  }
  if (record.type !== "entry") continue;
  const seq = BigInt(record.seq);
  if (seq !== expectedSeq) fail(record.seq, `sequence gap: expected ${expectedSeq}`);
  else if (record.prevHash !== prevHash)
    fail(record.seq, "previous-hash link does not match the entry before it");
  else if (
    // A verbatim entry whose details cannot be cut out of its line hashes as empty: altered.
    entryHash(record, verbatimFrom !== null && seq >= verbatimFrom ? (rawDetails(line) ?? "") : null) !==
    record.hash
  )
    fail(record.seq, "entry content does not match its hash (altered)");
  if (problems.length) break;
  const cp = checkpoints.get(record.seq);
  if (cp) {
    if (cp.headHash !== record.hash) {
      fail(
        record.seq,
        `entry does not match the hash signed by the checkpoint of ${cp.at} (chain rewritten)`,
      );
      break;
    }
    checkpointsMatched++;
    signedUpTo = record.seq;
  }
  prevHash = record.hash;
  expectedSeq = seq + 1n;
  entries++;
}

if (!header) fail(0, "the file is empty");
else if (!problems.length && expectedSeq - 1n !== BigInt(header.to))
  fail(expectedSeq, `the export ends at #${expectedSeq - 1n} but its header says #${header.to} (cut short)`);
if (!problems.length && checkpointsMatched < checkpoints.size)
  fail(header.to, "a checkpoint names an entry outside the slice");

const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`LEDGER_EXPORT_OK=${problems.length === 0}`);
console.log(`ENTRIES=${entries}`);
console.log(`RANGE=${header?.from ?? "?"}..${header?.to ?? "?"}`);
console.log(`CHECKPOINTS_VERIFIED=${checkpointsMatched}`);
console.log(`VERBATIM_FROM=${verbatimFrom ?? "none (every entry compared by its canonical form)"}`);
console.log(`SIGNED_UP_TO=${signedUpTo ?? "none"}`);
console.log(
  `KEY_IDS=${[...keys.keys()].join(",")}${values["public-key"] ? " (given)" : " (from the export: compare with the published key)"}`,
);
console.log(`ENTRIES_PER_S=${Math.round(entries / Math.max(seconds, 1e-9))}`);
if (header && signedUpTo !== header.to && !problems.length)
  console.log(
    `WARNING=entries after #${signedUpTo ?? header.from} are chained but not covered by a signed checkpoint in this export`,
  );
for (const p of problems) console.log(`BROKEN=${p}`);
process.exit(problems.length ? 1 : 0);
