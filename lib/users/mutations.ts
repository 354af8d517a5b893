import { db } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import { hashPassword } from "@/lib/auth/password";
import type { CreateUser } from "./schemas";
import { disableAccounts } from "./guard";
import { oneTimePassword } from "./password";

/**
 * Creates a console user. Without a chosen password (the console, or the CLI without
 * --password) a one-time password is generated, returned once and never stored: the user must
 * replace it at first sign-in.
 */
export async function createUser(caller: Caller, input: CreateUser, chosen?: string) {
  const password = chosen ?? oneTimePassword();
  if (password.length < 12)
    throw new Invalid("Passwords need at least 12 characters.", { password: ["At least 12 characters"] });
  const passwordHash = await hashPassword(password);
  const user = await db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
      throw new Invalid("A user with this email exists already.", { email: ["Already in use"] });
    }
    const human = await tx.humanProfile.findUnique({
      where: { email: input.email },
      select: { actorId: true },
    });
    const created = await tx.user.create({
      data: {
        email: input.email,
        name: input.name,
        passwordHash,
        roles: input.roles,
        actorId: human?.actorId ?? null,
        mustChangePassword: chosen === undefined,
      },
      select: { id: true, email: true },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "user.created",
      target: `user:${created.id}`,
      details: { email: input.email, roles: input.roles },
    });
    return created;
  });
  return { ...user, password };
}

export async function unlockUser(caller: Caller, { userId }: { userId: string }) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId },
      data: { lockedUntil: null, failedLogins: 0 },
    });
    if (count !== 1) throw new NotFound("User not found.");
    await appendLedger(tx, { actor: caller.ledger, action: "user.unlocked", target: `user:${userId}` });
  });
}

/**
 * Disabling ends the user's sessions at once. The last active admin cannot be disabled: the
 * check and the write hold the admin-guard lock, so two admins disabling each other at the same
 * time leave one of them.
 */
export async function setUserDisabled(
  caller: Caller,
  { userId, disabled }: { userId: string; disabled: boolean },
) {
  const by = caller.ledger;
  await db.$transaction(async (tx) => {
    if (disabled && userId === caller.userId) throw new Conflict("You cannot disable your own account.");
    const target = await tx.user.findUnique({ where: { id: userId }, select: { disabledAt: true } });
    if (!target) throw new NotFound("User not found.");
    if (!disabled) {
      await tx.user.update({ where: { id: userId }, data: { disabledAt: null } });
      await appendLedger(tx, { actor: by, action: "user.enabled", target: `user:${userId}` });
      return;
    }
    if (target.disabledAt) return;
    const outcome = await disableAccounts(tx, [userId], by, { reason: "console" });
    if (outcome.keptLastAdmin.length)
      throw new Conflict("This is the last active admin; create another admin first.");
  });
}
