import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger } from "@/lib/ledger/append";
import { canonicalJson } from "@/lib/ledger/canonical";
import { createCheckpoint } from "@/lib/ledger/checkpoint";
import { exportLedger } from "@/lib/ledger/export";
import { hashEntry } from "@/lib/ledger/hash";
import { verifyLedger } from "@/lib/ledger/verify";
import { restoreLedgerRows, type LedgerRow } from "../support/ledger-rows";

const run = promisify(execFile);
const actor = { id: "test", kind: "SYSTEM" as const, name: "checkpoint test" };
let owner: pg.Client;

async function rowsFrom(seq: bigint): Promise<LedgerRow[]> {
  return (
    await owner.query<LedgerRow>(
      // Order by the column, not the text alias (which puts "100" before "98").
      `SELECT e.seq::text, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash FROM "LogEntry" e WHERE e.seq >= $1 ORDER BY e.seq`,
      [seq.toString()],
    )
  ).rows;
}

/**
 * What an attacker with the owner role can do: rewrite rows with the triggers off. Details are
 * written as the canonical text that hashEntry hashes, as triad_ledger_link stores them.
 */
async function rewrite(rows: LedgerRow[]) {
  await owner.query(`ALTER TABLE "LogEntry" DISABLE TRIGGER USER`);
  try {
    for (const r of rows) {
      await owner.query(`UPDATE "LogEntry" SET details = $2, "prevHash" = $3, hash = $4 WHERE seq = $1`, [
        r.seq,
        canonicalJson(r.details),
        r.prevHash,
        r.hash,
      ]);
    }
  } finally {
    await owner.query(`ALTER TABLE "LogEntry" ENABLE TRIGGER USER`);
  }
}

/** Alters the first row and recomputes every hash after it, so the chain alone verifies. */
function recompute(rows: LedgerRow[]): LedgerRow[] {
  let prev = rows[0].prevHash;
  return rows.map((r, i) => {
    const next = { ...r, details: i === 0 ? { forged: true } : r.details, prevHash: prev };
    next.hash = hashEntry({ ...next, seq: BigInt(r.seq) });
    prev = next.hash;
    return next;
  });
}

beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject("databaseUrl") });
  await owner.connect();
});
afterAll(async () => {
  await owner.end();
});

describe("signed ledger checkpoints", () => {
  let signedSeq: bigint;

  it("signs the head after verifying, and is idempotent while the head stays", async () => {
    await db.$transaction((tx) =>
      appendLedger(tx, [
        { actor, action: "test.cp_one" },
        { actor, action: "test.cp_two", details: { n: 2 } },
      ]),
    );
    const first = await createCheckpoint();
    expect(first.ok && first.checkpoint).toBeTruthy();
    if (!first.ok || !first.checkpoint) return;
    signedSeq = first.checkpoint.seq;
    const again = await createCheckpoint();
    expect(again).toMatchObject({ ok: true, created: false, checkpoint: { seq: signedSeq } });
    const result = await verifyLedger();
    expect(result.ok).toBe(true);
    expect(result.checkpoints).toBeGreaterThanOrEqual(1);
  });

  it("catches a chain rewritten with recomputed hashes", async () => {
    await db.$transaction((tx) => appendLedger(tx, { actor, action: "test.cp_after" }));
    const original = await rowsFrom(signedSeq - 1n);
    await rewrite(recompute(original));
    try {
      const result = await verifyLedger();
      expect(result.ok).toBe(false);
      expect(result.firstBreak).toMatchObject({
        seq: signedSeq,
        reason: expect.stringContaining("chain rewritten"),
      });
      // And no checkpoint is signed over the forged chain.
      expect(await createCheckpoint()).toMatchObject({ ok: false });
    } finally {
      await rewrite(original);
    }
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("catches entries cut from the tail", async () => {
    const cp = await createCheckpoint();
    if (!cp.ok || !cp.checkpoint) throw new Error("no checkpoint");
    const tail = await rowsFrom(cp.checkpoint.seq - 1n);
    await owner.query(
      `ALTER TABLE "LogEntry" DISABLE TRIGGER USER; DELETE FROM "LogEntry" WHERE seq >= ${tail[0].seq}; ALTER TABLE "LogEntry" ENABLE TRIGGER USER;`,
    );
    try {
      const result = await verifyLedger();
      expect(result.ok).toBe(false);
      expect(result.firstBreak?.reason).toMatch(/removed from the tail/);
    } finally {
      await restoreLedgerRows(owner, tail);
    }
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("refuses a checkpoint signed by a key that AUTH_SECRET did not seal", async () => {
    const { generateSigningKey, keyIdOf, signCheckpoint } = await import("@/lib/ledger/signature");
    await db.$transaction((tx) => appendLedger(tx, { actor, action: "test.cp_foreign" }));
    const head = await db.logEntry.findFirstOrThrow({ orderBy: { seq: "desc" } });
    const foreign = generateSigningKey();
    const kid = keyIdOf(foreign.publicKeyPem);
    await db.ledgerSigningKey.create({
      data: {
        id: kid,
        publicKey: foreign.publicKeyPem,
        sealedPrivateKey: "v1.forged.forged.forged",
        retiredAt: new Date(),
      },
    });
    const claim = { seq: head.seq, headHash: head.hash, at: new Date() };
    await db.ledgerCheckpoint.create({
      data: { ...claim, keyId: kid, signature: signCheckpoint(foreign.privateKeyPem, claim) },
    });
    const result = await verifyLedger(head.seq);
    expect(result.firstBreak?.reason).toMatch(/unknown key/);
    // Evidence cannot be deleted by the app; the test cleans up as the owner.
    await owner.query(
      `ALTER TABLE "LedgerCheckpoint" DISABLE TRIGGER USER; DELETE FROM "LedgerCheckpoint" WHERE "keyId" = '${kid}'; ALTER TABLE "LedgerCheckpoint" ENABLE TRIGGER USER;`,
    );
    await owner.query(`DELETE FROM "LedgerSigningKey" WHERE id = '${kid}'`);
    expect((await verifyLedger()).ok).toBe(true);
  });
});

describe("offline export", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "triad-export-"));
  const file = path.join(dir, "ledger.jsonl");
  const script = path.resolve("scripts/verify-ledger-export.mjs");
  const check = async (f: string, ...args: string[]) => {
    try {
      const { stdout } = await run(process.execPath, [script, f, ...args]);
      return { code: 0, stdout };
    } catch (error) {
      const e = error as { code: number; stdout: string };
      return { code: e.code, stdout: e.stdout };
    }
  };

  beforeAll(async () => {
    await db.$transaction((tx) =>
      appendLedger(
        tx,
        Array.from({ length: 30 }, (_, i) => ({
          actor,
          action: "test.export",
          details: { i, nested: { b: [1, "é"], a: null } },
        })),
      ),
    );
    await createCheckpoint();
    const lines: string[] = [];
    await exportLedger(1n, undefined, (line) => void lines.push(line));
    writeFileSync(file, `${lines.join("\n")}\n`);
  });

  it("is checked by the standalone script, with the published key", async () => {
    const keys = await db.ledgerSigningKey.findMany({ where: { retiredAt: null } });
    const pem = path.join(dir, "key.pem");
    writeFileSync(pem, keys[0].publicKey);
    const result = await check(file, "--public-key", pem);
    expect(result.stdout).toContain("LEDGER_EXPORT_OK=true");
    expect(result.stdout).not.toContain("WARNING");
    expect(result.code).toBe(0);
  });

  it("fails when an entry is altered, or altered with every hash recomputed", async () => {
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const entries = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r.type === "entry");
    const victim = entries[entries.length - 5];
    const altered = lines.map((l) =>
      JSON.parse(l).seq === victim.seq && JSON.parse(l).type === "entry"
        ? l.replace('"test.export"', '"test.exporx"')
        : l,
    );
    writeFileSync(path.join(dir, "altered.jsonl"), altered.join("\n"));
    expect((await check(path.join(dir, "altered.jsonl"))).stdout).toMatch(
      /BROKEN=#\d+: entry content does not match/,
    );

    // Recompute every hash from the victim on: the chain holds, the signed checkpoint does not.
    let prev = "";
    const forged = lines.map((l) => {
      const r = JSON.parse(l) as LedgerRow & { type: string; seq: string; at: string };
      if (r.type !== "entry" || BigInt(r.seq) < BigInt(victim.seq as string)) {
        if (r.type === "entry") prev = r.hash;
        return l;
      }
      const next = {
        ...r,
        action: BigInt(r.seq) === BigInt(victim.seq as string) ? "test.forged" : r.action,
        prevHash: prev,
      };
      next.hash = hashEntry({ ...next, seq: BigInt(r.seq), at: new Date(r.at) });
      prev = next.hash;
      // Details written as the canonical text hashed, as the export writes them.
      return JSON.stringify({ ...next, details: "\0" }).replace('"\\u0000"', canonicalJson(next.details));
    });
    writeFileSync(path.join(dir, "forged.jsonl"), forged.join("\n"));
    const result = await check(path.join(dir, "forged.jsonl"));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/chain rewritten/);
  });

  it("compares details byte for byte from the header's verbatimFrom: other text of the same values is altered", async () => {
    const lines = readFileSync(file, "utf8").trim().split("\n");
    const target = lines.findIndex((l) => l.includes('"details":{"i":7,'));
    expect(target).toBeGreaterThan(0);
    for (const variant of [
      (l: string) => l.replace('"details":{"i":7,', '"details":{"i":7.0,'),
      (l: string) => l.replace('"details":{"i":7,', '"details":{"i":0,"i":7,'),
      (l: string) => l.replace('"details":{"i":7,', '"details": {"i":7,'),
    ]) {
      const changed = lines.map((l, k) => (k === target ? variant(l) : l));
      expect(changed[target]).not.toBe(lines[target]);
      writeFileSync(path.join(dir, "variant.jsonl"), changed.join("\n"));
      const result = await check(path.join(dir, "variant.jsonl"));
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/BROKEN=#\d+: entry content does not match its hash/);
      expect(result.stdout).toMatch(/VERBATIM_FROM=\d+/);
    }
  });

  it("fails when the file is cut short", async () => {
    const lines = readFileSync(file, "utf8").trim().split("\n");
    writeFileSync(path.join(dir, "short.jsonl"), lines.slice(0, -3).join("\n"));
    const result = await check(path.join(dir, "short.jsonl"));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cut short/);
  });
});
