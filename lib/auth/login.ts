import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendLedger } from "@/lib/ledger/append";
import { open } from "@/lib/crypto/secret-box";
import { sha256 } from "@/lib/crypto/tokens";
import { dummyPasswordHash, verifyPassword } from "./password";
import { checkTotp } from "./totp";
import { requiresMfa } from "./permissions";
import { issueTicket, readTicket } from "./tickets";

export type LoginInput = { email: string; password: string; userAgent?: string | null };

export type LoginResult =
  | { status: "ok"; userId: string }
  | { status: "code_required"; ticket: string }
  | { status: "enrol_required"; ticket: string }
  | { status: "refused"; message: string };

const GENERIC = "Email or password is incorrect.";

/**
 * The whole sign-in check: password, lockout, second factor. Every outcome is a ledger entry;
 * failures count towards the lockout, success resets the count.
 */
export async function authenticate(input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      name: true,
      passwordHash: true,
      roles: true,
      disabledAt: true,
      lockedUntil: true,
      failedLogins: true,
      totpSecretEnc: true,
      mfaEnabledAt: true,
      totpLastStep: true,
    },
  });
  const actor = user ? { id: user.id, kind: "USER" as const, name: user.name } : { id: `email:${email}`, kind: "USER" as const, name: null };

  if (!user || user.disabledAt) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await record(actor, "auth.login_failed", { reason: user ? "disabled" : "unknown_email", email });
    return { status: "refused", message: GENERIC };
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await record(actor, "auth.login_refused_locked", { email });
    return { status: "refused", message: lockedMessage(user.lockedUntil) };
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    return fail(user.id, actor, "wrong_password");
  }

  const mfaOn = Boolean(user.mfaEnabledAt && user.totpSecretEnc);
  if (!mfaOn && requiresMfa(user.roles)) {
    await record(actor, "auth.mfa_enrolment_required", {});
    return { status: "enrol_required", ticket: await issueTicket(user.id, "mfa-enrol") };
  }
  // The password is right: a five-minute ticket carries that to the second step, so the
  // password is not sent again with the code.
  if (mfaOn) return { status: "code_required", ticket: await issueTicket(user.id, "second-factor") };
  return succeed(user.id, actor, false);
}

/** Second step: the ticket from a correct password plus a TOTP or recovery code. */
export async function completeSecondFactor(ticket: string, rawCode: string): Promise<LoginResult> {
  const userId = await readTicket(ticket, "second-factor");
  if (!userId) return { status: "refused", message: "Your sign-in took too long. Enter your password again." };
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, name: true, disabledAt: true, lockedUntil: true, totpSecretEnc: true, mfaEnabledAt: true, totpLastStep: true },
  });
  if (!user || user.disabledAt || !user.totpSecretEnc || !user.mfaEnabledAt) return { status: "refused", message: GENERIC };
  const actor = { id: user.id, kind: "USER" as const, name: user.name };
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    await record(actor, "auth.login_refused_locked", {});
    return { status: "refused", message: lockedMessage(user.lockedUntil) };
  }
  const ok = await checkSecondFactor(user.id, open(user.totpSecretEnc), rawCode.replace(/\s+/g, ""), user.totpLastStep);
  if (!ok) return fail(user.id, actor, "wrong_code");
  return succeed(user.id, actor, true);
}

async function succeed(userId: string, actor: { id: string; kind: "USER"; name: string | null }, mfa: boolean): Promise<LoginResult> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() } });
    await appendLedger(tx, { actor, action: "auth.login", target: `user:${userId}`, details: { mfa } });
  });
  return { status: "ok", userId };
}

async function checkSecondFactor(userId: string, secret: string, code: string, lastStep: number | null): Promise<boolean> {
  if (/^\d{6}$/.test(code)) {
    const step = checkTotp(secret, code, lastStep);
    if (step === null) return false;
    // Conditional update: two concurrent sign-ins with the same code cannot both pass.
    const { count } = await db.user.updateMany({
      where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
      data: { totpLastStep: step },
    });
    return count === 1;
  }
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeHash: sha256(normaliseRecoveryCode(code)), usedAt: null },
    data: { usedAt: new Date() },
  });
  return count === 1;
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

async function fail(userId: string, actor: { id: string; kind: "USER"; name: string | null }, reason: string): Promise<LoginResult> {
  const { TRIAD_LOCKOUT_THRESHOLD: threshold, TRIAD_LOCKOUT_MINUTES: minutes } = env();
  const lockedUntil = await db.$transaction(async (tx) => {
    const updated = await tx.user.update({
      where: { id: userId },
      data: { failedLogins: { increment: 1 } },
      select: { failedLogins: true },
    });
    const lock = updated.failedLogins >= threshold ? new Date(Date.now() + minutes * 60_000) : null;
    if (lock) await tx.user.update({ where: { id: userId }, data: { lockedUntil: lock, failedLogins: 0 } });
    await appendLedger(tx, { actor, action: "auth.login_failed", target: `user:${userId}`, details: { reason, attempt: updated.failedLogins } });
    if (lock) await appendLedger(tx, { actor, action: "auth.locked_out", target: `user:${userId}`, details: { until: lock.toISOString() } });
    return lock;
  });
  if (lockedUntil) return { status: "refused", message: lockedMessage(lockedUntil) };
  return { status: "refused", message: reason === "wrong_code" ? "That code is not valid. Use the current code from your authenticator app, or a recovery code." : GENERIC };
}

function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `This account is locked after too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin to unlock it.`;
}

async function record(actor: { id: string; kind: "USER"; name: string | null }, action: "auth.login_failed" | "auth.login_refused_locked" | "auth.mfa_enrolment_required", details: Record<string, string>) {
  await db.$transaction((tx) => appendLedger(tx, { actor, action, target: actor.id.startsWith("email:") ? null : `user:${actor.id}`, details }));
}
