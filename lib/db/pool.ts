import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";

// A small plain `pg` pool for the few hot paths where a Prisma interactive transaction costs
// more than the work (the decision API's group commit and subject loads). Everything else uses
// lib/db.ts. The decision path fails closed fast: it waits at most 500 ms for the ledger's
// chain lock (each writer holds it for a few ms), 2 s for any statement and 2 s for a
// connection; past that the decision is denied, never left hanging.
export const DECISION_PATH_TIMEOUTS = {
  lock_timeout: 500,
  statement_timeout: 2000,
  connectionTimeoutMillis: 2000,
} as const;
const globalForPool = globalThis as unknown as { triadPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.triadPool) {
    const created = new pg.Pool({
      connectionString: requireDatabaseUrl(),
      max: 4,
      ...DECISION_PATH_TIMEOUTS,
    });
    // An idle connection dropped by the server (restart, admin command) must not crash the
    // process; the next query gets a fresh connection, and a failing query fails closed.
    created.on("error", (error) => console.error("[triad] idle database connection lost:", error.message));
    globalForPool.triadPool = created;
  }
  return globalForPool.triadPool;
}
