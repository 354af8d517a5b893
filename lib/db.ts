import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { requireDatabaseUrl } from "@/lib/env";

// One Prisma client per process (kept on globalThis so dev-mode reloads do not leak pools).
const globalForDb = globalThis as unknown as { triadDb?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaPg({ connectionString: requireDatabaseUrl(), max: 10 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForDb.triadDb ?? createClient();
globalForDb.triadDb = db;

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];
