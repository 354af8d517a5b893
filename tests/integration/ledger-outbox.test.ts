import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { GroupCommit } from "@/lib/decisions/group-commit";
import { appendLedger, LEDGER_LOCK_KEY } from "@/lib/ledger/append";
import { drainLedgerOutbox, queueLedger } from "@/lib/ledger/outbox";
import { verifyLedger } from "@/lib/ledger/verify";

const actor = { id: "test", kind: "SYSTEM" as const, name: "outbox test" };
const decision = (i: number) => ({ event: { actor, action: "test.decision" as const, details: { i } } });
let other: pg.Client;

beforeAll(async () => {
  other = new pg.Client({ connectionString: inject("databaseUrl") });
  await other.connect();
});
afterAll(async () => {
  await other.end();
});

describe("group commit", () => {
  it("keeps one chain while other writers append between its batches", async () => {
    // The console and an outbox drain append between the batches: the database links each
    // batch onto whatever head it finds.
    const writer = new GroupCommit();
    const [decisions] = await Promise.all([
      Promise.all(Array.from({ length: 300 }, (_, i) => writer.append(decision(i)))),
      Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.$transaction((tx) => appendLedger(tx, { actor, action: "test.console", details: { i } })),
        ),
      ),
      drainLedgerOutbox(),
    ]);
    expect(decisions.every((s) => s !== null)).toBe(true);
    expect(new Set(decisions.map(String)).size).toBe(300);
    expect((await verifyLedger()).ok).toBe(true);
  });
});

describe("bulk ledger writes (outbox)", () => {
  it("chains queued entries in queue order after the change commits, and the chain verifies", async () => {
    const tag = `bulk-${Date.now()}`;
    await db.$transaction(
      (tx) =>
        queueLedger(
          tx,
          Array.from({ length: 1200 }, (_, i) => ({
            actor,
            action: "test.bulk",
            target: tag,
            details: { i, nul: "a\u0000b" },
          })),
        ),
      { timeout: 60_000 },
    );
    expect(await db.logEntry.count({ where: { target: tag } })).toBe(0);
    expect(await drainLedgerOutbox()).toBeGreaterThanOrEqual(1200);
    const rows = await db.logEntry.findMany({
      where: { target: tag },
      orderBy: { seq: "asc" },
      select: { details: true },
    });
    expect(rows.map((r) => (r.details as { i: number }).i)).toEqual(
      Array.from({ length: 1200 }, (_, i) => i),
    );
    expect(await db.ledgerOutbox.count()).toBe(0);
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("never makes a decision wait on an open bulk transaction", async () => {
    // A large import is half way: its entries are queued, its transaction still open.
    await other.query("BEGIN");
    await other.query(
      `INSERT INTO "LedgerOutbox"(event) SELECT jsonb_build_object('actor', jsonb_build_object('id','t','kind','SYSTEM'), 'action','test.open', 'details', jsonb_build_object('g', g)) FROM generate_series(1, 20000) g`,
    );
    try {
      const started = Date.now();
      const seqs = await Promise.all([1, 2, 3].map((i) => new GroupCommit().append(decision(i))));
      expect(seqs.every((s) => s !== null)).toBe(true);
      expect(Date.now() - started).toBeLessThan(1000);
    } finally {
      await other.query("ROLLBACK");
    }
  });

  it("fails closed fast when the chain lock is held too long (lock_timeout on the decision path)", async () => {
    await other.query("BEGIN");
    await other.query("SELECT pg_advisory_xact_lock($1)", [LEDGER_LOCK_KEY]);
    try {
      const started = Date.now();
      const seqs = await Promise.all([1, 2, 3].map((i) => new GroupCommit().append(decision(i))));
      expect(seqs).toEqual([null, null, null]);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await other.query("ROLLBACK");
    }
  });
});
