import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { requireDatabaseUrl } from "@/lib/env";

// One Prisma client per process, created on first use (so importing this module at build
// time needs no database) and kept on globalThis so dev-mode reloads do not leak pools.
const globalForDb = globalThis as unknown as { triadDb?: PrismaClient };

function client(): PrismaClient {
  if (!globalForDb.triadDb) {
    // Prisma's pg adapter sends a Date as UTC text without an offset, which PostgreSQL reads in
    // the session's time zone: pinned to UTC, or every time parameter on a server set to another
    // zone would shift by its offset.
    const adapter = new PrismaPg({
      connectionString: requireDatabaseUrl(),
      max: 10,
      options: "-c TimeZone=UTC",
    });
    globalForDb.triadDb = new PrismaClient({ adapter });
  }
  return globalForDb.triadDb;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const real = client();
    const value = Reflect.get(real, property, real) as unknown;
    return typeof value === "function" ? value.bind(real) : value;
  },
});

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
