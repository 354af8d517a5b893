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
