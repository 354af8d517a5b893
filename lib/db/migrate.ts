import { createHash, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { grantAppRole } from "./roles";

// Applies prisma/migrations/*/migration.sql in order, recording each in `_prisma_migrations`
// exactly as `prisma migrate deploy` would (name, sha256 checksum, timestamps), so a machine
// with Prisma's schema engine can take over. Prisma's CLI cannot migrate offline.

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Same key Prisma Migrate uses, so our runner and `prisma migrate deploy` exclude each other.
const MIGRATE_LOCK_KEY = 72707369;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = path.join(process.cwd(), "prisma", "migrations")): Migration[] {
  return readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migrate(databaseUrl: string, migrations = readMigrations()): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK_KEY]);
    // The console's own role may run this at start (DATABASE_URL deployments): it cannot create
    // tables, so the table is only created when missing.
    const { rows: table } = await client.query<{ t: string | null }>(
      `SELECT to_regclass('"_prisma_migrations"')::text AS t`,
    );
    if (!table[0]?.t) await client.query(MIGRATIONS_TABLE);
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(
            `migration ${m.name} was changed after it was applied (checksum differs); add a new migration instead`,
          );
        }
        continue;
      }
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
          [id, m.checksum, m.name],
        );
        await client.query(m.sql);
        await client.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        await client.query("COMMIT");
        applied.push(m.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`);
      }
    }
    // Still under the lock: two replicas starting at once would otherwise race on the job
    // queue's schema and on the same GRANTs ("tuple concurrently updated").
    await migrateJobQueue(databaseUrl);
    await grantAppRole(client);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
  return applied;
}

/** Installs or upgrades graphile-worker's own schema (the job queue); it keeps its own version table. */
async function migrateJobQueue(databaseUrl: string): Promise<void> {
  const { Logger, runMigrations } = await import("graphile-worker");
  await runMigrations({ connectionString: databaseUrl, logger: new Logger(() => () => undefined) });
}
