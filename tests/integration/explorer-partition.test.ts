import { execFile } from "node:child_process";
import { promisify } from "node:util";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { requireAuthSecret } from "@/lib/env";
import { verifyLedger } from "@/lib/ledger/verify";

const run = promisify(execFile);

/** The operator CLI (`npm run triad -- …`) against the test database, as its owner. */
async function triad(...args: string[]): Promise<{ code: number; out: Record<string, string> }> {
  const result = await run(process.execPath, ["--import", "tsx", "scripts/triad.ts", ...args], {
    env: { ...process.env, DATABASE_URL: inject("databaseUrl"), AUTH_SECRET: requireAuthSecret() },
  }).then(
    (r) => ({ code: 0, stdout: r.stdout }),
    (e: { code: number; stdout: string }) => ({ code: e.code, stdout: e.stdout }),
  );
  const out = Object.fromEntries(
    result.stdout
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  return { code: result.code, out };
}

describe("decision partition retention (operator CLI, as the tables' owner)", () => {
  it("seals, detaches and verifies a month the console's role could not detach, and finds a tampered row", async () => {
    // A month of its own each run (a seal stays in the ledger for good).
    const year = 2040 + Math.floor(Math.random() * 50);
    const mm = String(1 + Math.floor(Math.random() * 12)).padStart(2, "0");
    const month = `${year}-${mm}`;
    const table = `decision_parts."DecisionRecord_${year}_${mm}"`;
    await db.$executeRawUnsafe(`DROP TABLE IF EXISTS ${table}`);
    await db.$executeRawUnsafe(`SELECT triad_decision_partition('${month}-01'::date)`);
    await db.$executeRawUnsafe(
      `INSERT INTO "DecisionRecord" (seq, at, decision, "subjectKind", "subjectRef", action, "resourceType", "resourceId", policies, "policyVersion", "clientId", "clientName", reason, engine)
       SELECT 800000000000000 + g, '${month}-10T00:00:00Z'::timestamptz + g * interval '1 minute', CASE WHEN g % 5 = 0 THEN 'DENY' ELSE 'ALLOW' END,
         'NHI', 'nhi:' || g, 'readData', 'entitlement', 'e' || g, ARRAY['p/one'], repeat('0', 64), 'c', 'partition test', 'why', 'test'
       FROM generate_series(1, 40) g`,
    );

    // The console's role owns no table: it cannot detach a month itself.
    const app = new pg.Client({ connectionString: inject("appDatabaseUrl") });
    await app.connect();
    await expect(app.query(`ALTER TABLE "DecisionRecord" DETACH PARTITION ${table}`)).rejects.toThrow(
      /owner|permission/,
    );
    await app.end();

    expect((await triad("decision-partition", "detach", "--month", month)).code).not.toBe(0); // not sealed
    const seal = await triad("decision-partition", "seal", "--month", month);
    expect(seal).toMatchObject({ code: 0, out: { SEALED: month, ROWS: "40" } });
    expect((await triad("decision-partition", "detach", "--month", month)).out.DETACHED).toBe(table);
    const attached = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_inherits WHERE inhrelid = '${table}'::regclass`,
    );
    expect(attached[0].n).toBe(0);
    expect(await triad("decision-partition", "verify", "--month", month)).toMatchObject({
      code: 0,
      out: { PARTITION_OK: "true", ROWS: "40" },
    });
    expect((await verifyLedger(BigInt(seal.out.SEAL_SEQ), BigInt(seal.out.SEAL_SEQ))).ok).toBe(true);

    await db.$executeRawUnsafe(`UPDATE ${table} SET decision = 'ALLOW' WHERE decision = 'DENY'`);
    const tampered = await triad("decision-partition", "verify", "--month", month);
    expect(tampered.out).toMatchObject({
      PARTITION_OK: "false",
      REASON: "the rows do not match the sealed digest",
    });
    await db.$executeRawUnsafe(`DROP TABLE ${table}`);
  }, 180_000);
});
