import { readFileSync, statSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { assertSameInstance, credentialsFile, embeddedUrls } from "@/lib/db/embedded";
import { prepareEvents } from "@/lib/ledger/append";
import { appendBatch } from "@/lib/ledger/append-raw";

// The console runs as a restricted role: it writes the ledger but can neither change an entry
// nor switch the ledger's protection off. (Skipped against an external test database.)
const appUrl = inject("appDatabaseUrl");
const ownerUrl = inject("databaseUrl");
const embedded = appUrl !== ownerUrl;
let app: pg.Client;

beforeAll(async () => {
  app = new pg.Client({ connectionString: appUrl });
  await app.connect();
});
afterAll(async () => {
  await app.end();
});

describe.runIf(embedded)("the console's database role", () => {
  it("appends to the ledger and writes ordinary tables", async () => {
    const appPool = new pg.Pool({ connectionString: appUrl, max: 1 });
    try {
      const seqs = await appendBatch(
        appPool,
        prepareEvents([{ actor: { id: "t", kind: "SYSTEM" }, action: "test.app_role" }]),
      );
      expect(seqs).toHaveLength(1);
    } finally {
      await appPool.end();
    }
    await app.query(`UPDATE "Actor" SET "updatedAt" = "updatedAt" WHERE false`);
    await app.query(
      `SELECT graphile_worker.add_job('webhooks.deliver', '{}'::json, job_key := 'db-roles-test', run_at := now() + interval '1 day')`,
    );
    await app.query(`SELECT graphile_worker.remove_job('db-roles-test')`);
    // The job runner itself (graphile-worker: schema check, crontab, job tables) works as the app.
    const { runDueJobs } = await import("@/lib/jobs/runner");
    await expect(runDueJobs(appUrl)).resolves.toBeUndefined();
  });

  it("cannot change, delete or truncate ledger entries, checkpoints or the ledger's format mark", async () => {
    for (const sql of [
      `UPDATE "LogEntry" SET action = 'x' WHERE false`,
      `DELETE FROM "LogEntry" WHERE false`,
      `TRUNCATE "LogEntry"`,
      `DELETE FROM "LedgerCheckpoint" WHERE false`,
      // The first seq verified byte for byte: moving it would relax verification.
      `UPDATE "LedgerFormat" SET "verbatimFrom" = "verbatimFrom" + 1000000`,
      `DELETE FROM "LedgerFormat"`,
      `INSERT INTO "LedgerFormat" (id, "verbatimFrom") VALUES (2, 1)`,
    ]) {
      await expect(app.query(sql)).rejects.toThrow(/permission denied/);
    }
  });

  it("cannot switch the ledger's triggers off, take its table, or bypass triggers", async () => {
    await expect(app.query(`ALTER TABLE "LogEntry" DISABLE TRIGGER USER`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`DROP TRIGGER "LogEntry_no_update" ON "LogEntry"`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(app.query(`ALTER TABLE "LogEntry" OWNER TO triad_app`)).rejects.toThrow(/must be owner/);
    await expect(app.query(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
    await expect(app.query(`CREATE TABLE public.sneaky (id int)`)).rejects.toThrow(/permission denied/);
    const { rows } = await app.query<{ rolsuper: boolean }>(
      `SELECT rolsuper FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0].rolsuper).toBe(false);
  });

  it("can run the (already applied) migrations at start without owning anything", async () => {
    const { migrate } = await import("@/lib/db/migrate");
    await expect(migrate(appUrl)).resolves.toEqual([]);
  });

  it("keeps random credentials in a 0600 file and recognises its own server only", async () => {
    const port = Number(new URL(appUrl).port);
    const dir = `.triad/test-pg-${port}`;
    const file = credentialsFile(dir);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).not.toContain("triad-local");
    const urls = embeddedUrls(dir, port);
    await expect(assertSameInstance(urls.appUrl, urls.instanceId)).resolves.toBeUndefined();
    await expect(assertSameInstance(urls.appUrl, "another-instance")).rejects.toThrow(
      /not the one this data folder initialised/,
    );
  });
});
