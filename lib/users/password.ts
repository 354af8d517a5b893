import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { consume } from "@/lib/auth/rate-limit";
import type { SessionUser } from "@/lib/auth/session";

/** A generated password: shown once, good for one sign-in, after which the user picks their own. */
export function oneTimePassword(): string {
  return randomBytes(15).toString("base64url");
}

/**
 * The signed-in user replaces their password, proving the current one. Guesses of the current
 * password from a stolen session are limited like sign-in. Other sessions of the user end.
 */
export async function changeOwnPassword(user: SessionUser, current: string, next: string): Promise<void> {
  if (await consume("sign-in", `password-change:${user.id}`))
    throw new Invalid("Too many tries. Wait a minute and try again.");
  const row = await db.user.findUnique({
    where: { id: user.id },
    select: { passwordHash: true, email: true },
  });
  if (!row) throw new NotFound("User not found.");
  if (!(await verifyPassword(row.passwordHash, current)))
    throw new Invalid("Your current password is not right.", {
      currentPassword: ["Not your current password"],
    });
  if (next === current)
    throw new Invalid("Choose a password different from the current one.", {
      newPassword: ["Same as the current password"],
    });
  if (next.toLowerCase().includes(row.email.split("@")[0].toLowerCase()))
    throw new Invalid("Do not use your email address in the password.", {
      newPassword: ["Contains your email name"],
    });
  const passwordHash = await hashPassword(next);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
    await tx.consoleSession.updateMany({
      where: { userId: user.id, revokedAt: null, id: { not: user.sessionId } },
      data: { revokedAt: new Date() },
    });
    await appendLedger(tx, {
      actor: { id: user.id, kind: "USER", name: user.name },
      action: "user.password_changed",
      target: `user:${user.id}`,
    });
  });
}

/** Admin reset: a new one-time password (returned once), every session ends, the lock lifts. */
export async function resetUserPassword(
  caller: Caller,
  { userId }: { userId: string },
): Promise<{ email: string; password: string }> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const rows = await tx.user.updateManyAndReturn({
      where: { id: userId },
      data: { passwordHash, mustChangePassword: true, failedLogins: 0, lockedUntil: null },
      select: { email: true },
    });
    if (rows.length !== 1) throw new NotFound("User not found.");
    await tx.consoleSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "user.password_reset",
      target: `user:${userId}`,
    });
    return { email: rows[0].email, password };
  });
}
