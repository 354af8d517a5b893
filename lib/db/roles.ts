import type pg from "pg";

// The console's database role. Migrations run as the owner of the schema; the console runs as
// APP_ROLE, which gets only what it needs: it can write every table but cannot change or remove
// a ledger entry, a checkpoint or a decision's entity snapshot (no UPDATE, DELETE, TRUNCATE), nor
// write the ledger's format mark at all, and, owning nothing, cannot
// disable the ledger's triggers or alter its tables. The embedded database creates the role;
// on an external server, create a LOGIN role with this name before migrating (README).
export const APP_ROLE = "triad_app";

const APPEND_ONLY = [`"LogEntry"`, `"LedgerCheckpoint"`, `"DecisionEntity"`];

/** Grants APP_ROLE its rights on every table the migrations made; a no-op when the role does not exist. */
export async function grantAppRole(client: pg.Client): Promise<boolean> {
  const role = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [APP_ROLE]);
  if (!role.rowCount) return false;
  // Only the owner grants; the console's own role running the (no-op) migrations at start skips this.
  const owner = await client.query<{ mine: boolean }>(
    `SELECT pg_get_userbyid(relowner) = current_user AS mine FROM pg_class WHERE oid = '"LogEntry"'::regclass`,
  );
  if (!owner.rows[0]?.mine) return false;
  const statements = [
    `GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`,
    `REVOKE UPDATE, DELETE, TRUNCATE ON ${APPEND_ONLY.join(", ")} FROM ${APP_ROLE}`,
    `REVOKE DELETE, TRUNCATE ON "LedgerSigningKey" FROM ${APP_ROLE}`,
    // Read-only: the first seq verified byte for byte, set once by its migration.
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "LedgerFormat" FROM ${APP_ROLE}`,
    `REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON "_prisma_migrations" FROM ${APP_ROLE}`,
    // The job queue (graphile-worker) is installed by the owner too; its runner only uses it.
    `GRANT USAGE ON SCHEMA graphile_worker TO ${APP_ROLE}`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${APP_ROLE}`,
    `GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${APP_ROLE}`,
    `GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${APP_ROLE}`,
  ];
  // VACUUM/ANALYZE after bulk loads (benchmarks, imports) without owning the tables (PostgreSQL 17+).
  const { rows: version } = await client.query<{ v: string }>(
    "SELECT current_setting('server_version_num') AS v",
  );
  if (Number(version[0].v) >= 170000)
    statements.push(`GRANT MAINTAIN ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
  for (const sql of statements) await client.query(sql);
  // graphile-worker turns row-level security on for its private tables (only their owner sees
  // rows); the app role gets a policy that lets it see and work them all.
  const secured = await client.query<{ table: string }>(
    `SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
       AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'graphile_worker' AND p.tablename = c.relname AND p.policyname = $1)`,
    [`${APP_ROLE}_all`],
  );
  for (const { table } of secured.rows) {
    await client.query(
      `CREATE POLICY ${APP_ROLE}_all ON graphile_worker."${table}" TO ${APP_ROLE} USING (true) WITH CHECK (true)`,
    );
  }
  return true;
}
