import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";

// A small plain `pg` pool for the few hot paths where a Prisma interactive transaction costs
// more than the work (the decision API's group commit). Everything else uses lib/db.ts.
const globalForPool = globalThis as unknown as { triadPool?: pg.Pool };

export function pool(): pg.Pool {
  if (!globalForPool.triadPool) {
    const created = new pg.Pool({ connectionString: requireDatabaseUrl(), max: 4 });
    // An idle connection dropped by the server (restart, admin command) must not crash the
    // process; the next query gets a fresh connection, and a failing query fails closed.
    created.on("error", (error) => console.error("[triad] idle database connection lost:", error.message));
    globalForPool.triadPool = created;
  }
  return globalForPool.triadPool;
}
