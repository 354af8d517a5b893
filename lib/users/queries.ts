import { db } from "@/lib/db";

export async function listUsers() {
  return db.user.findMany({
    orderBy: { email: "asc" },
    take: 500,
    select: {
      id: true,
      email: true,
      name: true,
      roles: true,
      mfaEnabledAt: true,
      lockedUntil: true,
      lastLoginAt: true,
      disabledAt: true,
      actorId: true,
    },
  });
}
export type UserRow = Awaited<ReturnType<typeof listUsers>>[number];

/** The console user with this email (lower-cased by the caller), or null. */
export async function findUserIdByEmail(email: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true } });
  return user?.id ?? null;
}
