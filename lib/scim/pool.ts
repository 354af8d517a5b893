import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";

// SCIM's own small `pg` pool for its hot path (lib/scim/user-fast.ts). Apart from the decision
// API's pool (lib/db/pool.ts) on purpose: an IdP pushing an import with many concurrent clients
// must not take the connections decisions wait for. Eight connections let eight clients' writes
// commit together (PostgreSQL flushes concurrent commits with one WAL write).
const globalForPool = globalThis as unknown as { triadScimPool?: pg.Pool };

export function scimPool(): pg.Pool {
  if (!globalForPool.triadScimPool) {
    const created = new pg.Pool({
      connectionString: requireDatabaseUrl(),
      max: 8,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      statement_timeout: 10_000,
      lock_timeout: 5_000,
    });
    created.on("error", (error) =>
      console.error("[triad] idle SCIM database connection lost:", error.message),
    );
    globalForPool.triadScimPool = created;
  }
  return globalForPool.triadScimPool;
}
