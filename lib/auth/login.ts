import { Prisma } from "@/lib/generated/prisma/client";
import type { LedgerAction } from "@/lib/ledger/actions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendLedger } from "@/lib/ledger/append";
import { dummyPasswordHash, verifyPassword } from "./password";
import { requiresMfa } from "./permissions";
import { consume } from "./rate-limit";
import { recordRefusal } from "./refusals";
import { acceptSecondFactor } from "./second-factor";
import { issueTicket, readTicketClaims } from "./tickets";

export type LoginInput = { email: string; password: string; userAgent?: string | null; source?: string };

export type LoginResult =
  | { status: "ok"; userId: string }
  | { status: "code_required"; ticket: string }
  | { status: "enrol_required"; ticket: string }
  | { status: "refused"; message: string };

type Actor = { id: string; kind: "USER"; name: string | null };

const GENERIC = "Email or password is incorrect.";
/** Codes that may be tried with one second-factor ticket before the password is needed again. */
export const TICKET_ATTEMPTS = 3;
const TICKET_MINUTES = 5;

/**
 * The whole sign-in check: per-source rate limit, lockout, password, second factor. An attempt
 * on an account is counted (one conditional UPDATE) BEFORE the password is checked, so parallel
 * guesses cannot all read "not locked": exactly the threshold is counted, then the account is
 * locked. Success resets the count. Every outcome for a known account is a ledger entry.
 */
export async function authenticate(input: LoginInput): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  if (input.source) {
    const wait = await consume("sign-in", input.source);
    if (wait !== null) {
      await recordRefusal(input.source, "rate_limited", { what: "sign-in" });
      return {
        status: "refused",
        message: `Too many sign-in attempts from your network. Try again in ${wait} seconds.`,
      };
    }
  }
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      name: true,
      passwordHash: true,
      roles: true,
      disabledAt: true,
      totpSecretEnc: true,
      mfaEnabledAt: true,
    },
  });
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await recordRefusal(input.source ?? "unknown", "unknown_email", { email: email.slice(0, 254) });
    return { status: "refused", message: GENERIC };
  }
  const actor: Actor = { id: user.id, kind: "USER", name: user.name };
  if (user.disabledAt) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    await record(actor, "auth.login_failed", { reason: "disabled", email });
    return { status: "refused", message: GENERIC };
  }
  const attempt = await claimAttempt(user.id);
  if (!attempt.ok) return refusedLocked(actor, attempt.lockedUntil, { email });
  if (!(await verifyPassword(user.passwordHash, input.password)))
    return failed(actor, "wrong_password", attempt);

  const mfaOn = Boolean(user.mfaEnabledAt && user.totpSecretEnc);
  // A right password is not a failure; the second step counts its own attempts.
  if (mfaOn || requiresMfa(user.roles))
    await db.$executeRaw`UPDATE "User" SET "failedLogins" = GREATEST("failedLogins" - 1, 0) WHERE id = ${user.id}::uuid AND "lockedUntil" IS NULL`;
  if (!mfaOn && requiresMfa(user.roles)) {
    await record(actor, "auth.mfa_enrolment_required", {});
    return { status: "enrol_required", ticket: await issueTicket(user.id, "mfa-enrol") };
  }
  if (mfaOn) {
    // The password is right: a five-minute ticket carries that to the second step, so the
    // password is not sent again with the code. Its row bounds the codes tried with it.
    const row = await db.signInTicket.create({
      data: { userId: user.id, expiresAt: new Date(Date.now() + TICKET_MINUTES * 60_000) },
      select: { id: true },
    });
    return { status: "code_required", ticket: await issueTicket(user.id, "second-factor", { jti: row.id }) };
  }
  return succeed(actor, false);
}

/** Second step: the ticket from a correct password plus a TOTP or recovery code. */
export async function completeSecondFactor(ticket: string, rawCode: string): Promise<LoginResult> {
  const claims = await readTicketClaims(ticket, "second-factor");
  const expired: LoginResult = {
    status: "refused",
    message: "Your sign-in took too long or had too many tries. Enter your password again.",
  };
  if (!claims?.jti) return expired;
  const { count } = await db.signInTicket.updateMany({
    where: {
      id: claims.jti,
      userId: claims.userId,
      attempts: { lt: TICKET_ATTEMPTS },
      expiresAt: { gt: new Date() },
    },
    data: { attempts: { increment: 1 } },
  });
  if (count !== 1) return expired;
  const user = await db.user.findUnique({
    where: { id: claims.userId },
    select: { id: true, name: true, disabledAt: true, totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (!user || user.disabledAt || !user.totpSecretEnc || !user.mfaEnabledAt)
    return { status: "refused", message: GENERIC };
  const actor: Actor = { id: user.id, kind: "USER", name: user.name };
  const attempt = await claimAttempt(user.id);
  if (!attempt.ok) return refusedLocked(actor, attempt.lockedUntil, { step: "second_factor" });
  if (!(await acceptSecondFactor(db, user.id, rawCode, { recovery: true })))
    return failed(actor, "wrong_code", attempt);
  await db.signInTicket.deleteMany({ where: { id: claims.jti } });
  return succeed(actor, true);
}

type Attempt = { ok: true; attempt: number; lockedUntil: Date | null } | { ok: false; lockedUntil: Date };

/**
 * Counts one attempt on the account, atomically: refused (0 rows) while the account is locked;
 * the attempt that reaches the threshold sets the lock itself. An expired lock starts a new count.
 */
async function claimAttempt(userId: string): Promise<Attempt> {
  const { TRIAD_LOCKOUT_THRESHOLD: threshold, TRIAD_LOCKOUT_MINUTES: minutes } = env();
  const rows = await db.$queryRaw<{ failedLogins: number; lockedUntil: Date | null }[]>(Prisma.sql`
    UPDATE "User" SET
      "failedLogins" = CASE WHEN "lockedUntil" IS NOT NULL THEN 1 ELSE "failedLogins" + 1 END,
      "lockedUntil" = CASE WHEN (CASE WHEN "lockedUntil" IS NOT NULL THEN 1 ELSE "failedLogins" + 1 END) >= ${threshold}
        THEN now() + make_interval(mins => ${minutes}) ELSE NULL END
    WHERE id = ${userId}::uuid AND ("lockedUntil" IS NULL OR "lockedUntil" <= now())
    RETURNING "failedLogins", "lockedUntil"`);
  if (rows.length === 1) return { ok: true, attempt: rows[0].failedLogins, lockedUntil: rows[0].lockedUntil };
  const row = await db.user.findUnique({ where: { id: userId }, select: { lockedUntil: true } });
  return { ok: false, lockedUntil: row?.lockedUntil ?? new Date(Date.now() + 60_000) };
}

async function succeed(actor: Actor, mfa: boolean): Promise<LoginResult> {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: actor.id },
      data: { failedLogins: 0, lockedUntil: null, lastLoginAt: new Date() },
    });
    await appendLedger(tx, { actor, action: "auth.login", target: `user:${actor.id}`, details: { mfa } });
  });
  return { status: "ok", userId: actor.id };
}

async function failed(
  actor: Actor,
  reason: string,
  attempt: Extract<Attempt, { ok: true }>,
): Promise<LoginResult> {
  await db.$transaction(async (tx) => {
    await appendLedger(tx, {
      actor,
      action: "auth.login_failed",
      target: `user:${actor.id}`,
      details: { reason, attempt: attempt.attempt },
    });
    if (attempt.lockedUntil)
      await appendLedger(tx, {
        actor,
        action: "auth.locked_out",
        target: `user:${actor.id}`,
        details: { until: attempt.lockedUntil.toISOString() },
      });
  });
  if (attempt.lockedUntil) return { status: "refused", message: lockedMessage(attempt.lockedUntil) };
  return {
    status: "refused",
    message:
      reason === "wrong_code"
        ? "That code is not valid. Use the current code from your authenticator app, or a recovery code."
        : GENERIC,
  };
}

/**
 * A locked account refuses without checking anything. Its lock is already in the ledger
 * (auth.locked_out); further refusals are folded per account and minute, so guessing against a
 * locked account cannot flood the ledger or the connection pool.
 */
async function refusedLocked(
  actor: Actor,
  until: Date,
  details: Record<string, string>,
): Promise<LoginResult> {
  await recordRefusal(`user:${actor.id}`, "account_locked", details, actor);
  return { status: "refused", message: lockedMessage(until) };
}

function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `This account is locked after too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin to unlock it.`;
}

async function record(actor: Actor, action: LedgerAction, details: Record<string, string>) {
  await db.$transaction((tx) => appendLedger(tx, { actor, action, target: `user:${actor.id}`, details }));
}
