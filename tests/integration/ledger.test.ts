import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger, LEDGER_LOCK_KEY } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";

const actor = { id: "test", kind: "SYSTEM" as const, name: "ledger test" };

async function superuserQuery(sql: string) {
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("ledger", () => {
  it("appends entries that verify", async () => {
    await db.$transaction((tx) =>
      appendLedger(tx, [
        { actor, action: "test.one" },
        { actor, action: "test.two", details: { n: 2 } },
      ]),
    );
    const result = await verifyLedger();
    expect(result.ok).toBe(true);
    expect(result.checked).toBeGreaterThanOrEqual(2);
  });

  it("stores strings with NUL characters (PostgreSQL cannot) as U+FFFD, and the chain verifies", async () => {
    const [seq] = await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { ...actor, name: "a\u0000b" },
        action: "test.nul",
        target: "x\u0000y",
        details: { "k\u0000": ["v\u0000"] },
      }),
    );
    const row = await db.logEntry.findUniqueOrThrow({ where: { seq } });
    expect(row).toMatchObject({
      actorName: "a\uFFFDb",
      target: "x\uFFFDy",
      details: { "k\uFFFD": ["v\uFFFD"] },
    });
    expect((await verifyLedger()).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE in the database itself", async () => {
    await db.$transaction((tx) => appendLedger(tx, { actor, action: "test.protected" }));
    await expect(superuserQuery(`UPDATE "LogEntry" SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(superuserQuery(`DELETE FROM "LogEntry"`)).rejects.toThrow(/append-only/);
    await expect(superuserQuery(`TRUNCATE "LogEntry"`)).rejects.toThrow(/append-only/);
    await expect(db.logEntry.deleteMany({})).rejects.toThrow();
  });

  it("keeps one valid chain under concurrent writers", async () => {
    const before = await db.logEntry.count();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.$transaction((tx) => appendLedger(tx, { actor, action: "test.concurrent", details: { i } })),
      ),
    );
    expect(await db.logEntry.count()).toBe(before + 40);
    const result = await verifyLedger();
    expect(result).toMatchObject({ ok: true, firstBreak: null });
    // The database stamps entries under the chain lock: time never goes backwards along the chain.
    const backwards = await db.$queryRaw<Array<{ n: bigint }>>`
      SELECT count(*)::bigint AS n FROM (SELECT at < lag(at) OVER (ORDER BY seq) AS back FROM "LogEntry") x WHERE back`;
    expect(Number(backwards[0].n)).toBe(0);
  });

  it("links more than one statement's worth of entries in one call, contiguously", async () => {
    const seqs = await db.$transaction(
      (tx) =>
        appendLedger(
          tx,
          Array.from({ length: 5_100 }, (_, i) => ({ actor, action: "test.bulk" as const, details: { i } })),
        ),
      { timeout: 60_000 },
    );
    expect(seqs).toHaveLength(5_100);
    expect(seqs.every((s, i) => i === 0 || s === seqs[i - 1] + 1n)).toBe(true);
    expect((await verifyLedger(seqs[0], seqs[seqs.length - 1])).ok).toBe(true);
  });

  it("the database's append takes the same chain lock as the code", async () => {
    const rows = await db.$queryRaw<Array<{ src: string }>>`
      SELECT prosrc AS src FROM pg_proc WHERE proname = 'triad_ledger_link'`;
    expect(rows).toHaveLength(1);
    expect(rows[0].src).toContain(`pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`);
  });

  it("rolls the entry back with the change it describes", async () => {
    const before = await db.logEntry.count();
    await expect(
      db.$transaction(async (tx) => {
        await appendLedger(tx, { actor, action: "test.rolled_back" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await db.logEntry.count()).toBe(before);
  });

  it("finds a row altered behind the app's back", async () => {
    const [seq] = await db.$transaction((tx) =>
      appendLedger(tx, { actor, action: "test.victim", details: { amount: 1 } }),
    );
    await db.$transaction((tx) => appendLedger(tx, { actor, action: "test.after" }));
    // An attacker with superuser rights disables the trigger and edits the row.
    await superuserQuery(`ALTER TABLE "LogEntry" DISABLE TRIGGER "LogEntry_no_update";
      UPDATE "LogEntry" SET details = '{"amount": 1000}' WHERE seq = ${seq};
      ALTER TABLE "LogEntry" ENABLE TRIGGER "LogEntry_no_update";`);
    const result = await verifyLedger();
    expect(result.ok).toBe(false);
    expect(result.firstBreak?.seq).toBe(seq);
    // Verifying a range after the tampered row still passes: the break is localised.
    expect((await verifyLedger(seq + 1n)).ok).toBe(true);
    // Put the row back, so other test files that verify the whole chain see it intact.
    await superuserQuery(`ALTER TABLE "LogEntry" DISABLE TRIGGER "LogEntry_no_update";
      UPDATE "LogEntry" SET details = '{"amount":1}' WHERE seq = ${seq};
      ALTER TABLE "LogEntry" ENABLE TRIGGER "LogEntry_no_update";`);
    expect((await verifyLedger()).ok).toBe(true);
  });
});
