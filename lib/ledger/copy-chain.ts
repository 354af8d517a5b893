import { hash as sha } from "node:crypto";
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { ByteSink, writeCanonicalJsonText } from "./canonical-bytes";

// Verification's read path: the chain as PostgreSQL's binary COPY (no per-row protocol message
// objects, no to_char or ::text on the server: time arrives as microseconds, text as its UTF-8
// bytes), each entry's canonical text assembled from those bytes in one reused buffer and hashed
// there. Produces the same text as hashStored() in lib/ledger/hash.ts (integration-tested: a
// chain written by appendLedger verifies).

/** One entry as verification needs it: its place, its links and the hash its content gives. */
export type HashedRow = { seq: number; prevHash: string; hash: string; computed: string };

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const FIELDS = 10;
// 2000-01-01T00:00:00Z, PostgreSQL's epoch for binary timestamps, in ms since 1970.
const PG_EPOCH_MS = 946_684_800_000;

const enc = (text: string) => Buffer.from(text, "latin1");
const K_ACTION = enc('{"action":');
const K_ACTOR = enc(',"actor":');
const K_KIND = enc(',"actorKind":');
const K_NAME = enc(',"actorName":');
const K_AT = enc(',"at":"');
const K_DETAILS = enc('","details":');
const K_PREV = enc(',"prevHash":');
const K_SEQ = enc(',"seq":"');
const K_TARGET = enc('","target":');
const NULL = enc("null");

const put = (out: ByteSink, b: Buffer) => out.bytes(b, 0, b.length);

/** A text field as a JSON string: verbatim between quotes unless it needs escaping. */
function putString(out: ByteSink, src: Buffer, start: number, len: number): void {
  if (len < 0) return put(out, NULL);
  const end = start + len;
  for (let i = start; i < end; i++) {
    const b = src[i];
    if (b < 0x20 || b === 0x22 || b === 0x5c)
      return out.utf8(JSON.stringify(src.toString("utf8", start, end)));
  }
  out.byte(0x22);
  out.bytes(src, start, end);
  out.byte(0x22);
}

const EMPTY = enc("{}");

/** Details as hashStored() reads them: a missing or JSON null value hashes as {}. */
function putDetails(out: ByteSink, buf: Buffer, start: number, len: number, seq: number): void {
  if (len < 0) return put(out, EMPTY);
  // jsonb's binary form is a version byte (1) and the JSON text.
  if (len < 1 || buf[start] !== 1) throw new Error(`entry #${seq}: unexpected jsonb format`);
  if (len === 5 && buf.toString("latin1", start + 1, start + 5) === "null") return put(out, EMPTY);
  writeCanonicalJsonText(buf, start + 1, start + len, out);
}

/** The binary COPY of the chain between two seqs (inclusive), in order. */
function chainCopySql(from: bigint, to: bigint): string {
  // COPY takes no bind parameters; both bounds are bigints printed in decimal.
  return `COPY (SELECT seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash FROM "LogEntry" WHERE seq >= ${from} AND seq <= ${to} ORDER BY seq) TO STDOUT (FORMAT binary)`;
}

/**
 * Parses binary COPY tuples across chunk boundaries, hashes each entry and hands the rows of each
 * chunk to `check`, while the next chunk is on its way. Once `check` returns false the rest of the
 * COPY is read without hashing: a COPY cannot be abandoned half-way on its connection.
 */
export async function hashChain(
  client: pg.Client,
  from: bigint,
  to: bigint,
  check: (rows: HashedRow[]) => boolean,
): Promise<void> {
  let checking = true;
  for await (const rows of tuples(client, from, to, () => checking)) checking = check(rows);
}

async function* tuples(
  client: pg.Client,
  from: bigint,
  to: bigint,
  wanted: () => boolean,
): AsyncGenerator<HashedRow[]> {
  const stream = client.query(copyTo(chainCopySql(from, to)));
  const out = new ByteSink();
  const starts = new Int32Array(FIELDS);
  const lens = new Int32Array(FIELDS);
  let rest: Buffer | null = null;
  let header = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!wanted()) {
      rest = null;
      continue;
    }
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    let i = 0;
    if (!header) {
      if (buf.length < 19) {
        rest = buf;
        continue;
      }
      if (!buf.subarray(0, 11).equals(SIGNATURE)) throw new Error("unexpected COPY header");
      i = 19 + buf.readInt32BE(15);
      header = true;
    }
    const rows: HashedRow[] = [];
    for (;;) {
      if (i + 2 > buf.length) break;
      const n = buf.readInt16BE(i);
      if (n === -1) {
        i = buf.length;
        break;
      }
      if (n !== FIELDS) throw new Error(`unexpected COPY tuple of ${n} fields`);
      let p = i + 2;
      let complete = true;
      for (let f = 0; f < FIELDS; f++) {
        if (p + 4 > buf.length) {
          complete = false;
          break;
        }
        const len = buf.readInt32BE(p);
        starts[f] = p + 4;
        lens[f] = len;
        p += 4 + (len > 0 ? len : 0);
      }
      if (!complete || p > buf.length) break;
      rows.push(hashTuple(buf, starts, lens, out));
      i = p;
    }
    rest = i < buf.length ? buf.subarray(i) : null;
    if (rows.length) yield rows;
  }
  if (rest && rest.length && wanted()) throw new Error("the COPY stream ended inside a row");
}

let lastMicros = Number.NaN;
let lastAt = "";

function hashTuple(buf: Buffer, starts: Int32Array, lens: Int32Array, out: ByteSink): HashedRow {
  const seq = buf.readInt32BE(starts[0]) * 4294967296 + buf.readUInt32BE(starts[0] + 4);
  const micros = buf.readInt32BE(starts[1]) * 4294967296 + buf.readUInt32BE(starts[1] + 4);
  // Entries of one append batch share their time: format it once.
  if (micros !== lastMicros) {
    lastMicros = micros;
    lastAt = new Date(PG_EPOCH_MS + Math.floor(micros / 1000)).toISOString();
  }
  const at = lastAt;
  out.pos = 0;
  put(out, K_ACTION);
  putString(out, buf, starts[5], lens[5]);
  put(out, K_ACTOR);
  putString(out, buf, starts[2], lens[2]);
  put(out, K_KIND);
  putString(out, buf, starts[3], lens[3]);
  put(out, K_NAME);
  putString(out, buf, starts[4], lens[4]);
  put(out, K_AT);
  out.ascii(at);
  put(out, K_DETAILS);
  putDetails(out, buf, starts[7], lens[7], seq);
  put(out, K_PREV);
  putString(out, buf, starts[8], lens[8]);
  put(out, K_SEQ);
  out.ascii(String(seq));
  put(out, K_TARGET);
  putString(out, buf, starts[6], lens[6]);
  out.byte(0x7d);
  return {
    seq,
    prevHash: buf.toString("latin1", starts[8], starts[8] + lens[8]),
    hash: buf.toString("latin1", starts[9], starts[9] + lens[9]),
    computed: sha("sha256", out.buf.subarray(0, out.pos), "hex"),
  };
}
