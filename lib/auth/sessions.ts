import { db } from "@/lib/db";
import { appendLedger } from "@/lib/ledger/append";

/** `mfaAt`: when the user passed a second factor for this session (sign-in or a later step-up). */
export async function openConsoleSession(
  userId: string,
  maxAgeSeconds: number,
  mfaAt: Date | null = null,
): Promise<string> {
  const session = await db.consoleSession.create({
    data: { userId, expiresAt: new Date(Date.now() + maxAgeSeconds * 1000), mfaAt },
    select: { id: true },
  });
  return session.id;
}

export async function closeConsoleSession(
  sessionId: string,
  user: { id: string; name: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.consoleSession.updateMany({
      where: { id: sessionId, userId: user.id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 1) {
      await appendLedger(tx, {
        actor: { id: user.id, kind: "USER", name: user.name },
        action: "auth.logout",
        target: `user:${user.id}`,
      });
    }
  });
}

/** The live session behind a cookie: not revoked, not expired, user not disabled, person not suspended. */
export async function loadConsoleSession(sessionId: string) {
  const session = await db.consoleSession.findUnique({
    where: { id: sessionId },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      mfaAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          roles: true,
          actorId: true,
          disabledAt: true,
          mfaEnabledAt: true,
          mustChangePassword: true,
          actor: { select: { status: true } },
        },
      },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= new Date() || session.user.disabledAt)
    return null;
  // A suspended person's console access ends with their identity: they can no longer approve,
  // certify or decide anything while under investigation. (Leavers' accounts are disabled by the
  // offboarding itself, through the last-admin guard, which must stay able to keep one admin in.)
  if (session.user.actor?.status === "SUSPENDED") return null;
  return session;
}
