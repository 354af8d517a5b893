import { db } from "@/lib/db";
import { Invalid, StepUpRequired } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { SessionUser } from "./session";
import { acceptTotp } from "./second-factor";
import { consume } from "./rate-limit";

/** Approvals and other decisions need a TOTP code entered within this window. */
export const STEP_UP_WINDOW_MS = 10 * 60_000;

/** Throws StepUpRequired unless this session passed TOTP within `windowMs`. */
export function assertFreshStepUp(user: SessionUser, windowMs = STEP_UP_WINDOW_MS, now = new Date()): Date {
  if (!user.mfaAt || now.getTime() - user.mfaAt.getTime() > windowMs) {
    throw new StepUpRequired("Enter a code from your authenticator app to confirm this decision.");
  }
  return user.mfaAt;
}

/**
 * Checks a TOTP code for the signed-in user and stamps the session with the time, which is
 * also the human path's "fresh MFA" signal. A code is accepted once (its time step must be
 * newer than the last one used), so a code seen over a shoulder cannot be replayed.
 */
export async function stepUp(user: SessionUser, rawCode: string): Promise<Date> {
  const row = await db.user.findUnique({
    where: { id: user.id },
    select: { totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (!row?.totpSecretEnc || !row.mfaEnabledAt)
    throw new Invalid("Set up an authenticator app first (sign out and back in to enrol).");
  if (await consume("step-up", user.id))
    throw new Invalid("Too many codes tried. Wait a few minutes and try again.", {
      code: ["Too many tries"],
    });
  const at = new Date();
  return db.$transaction(async (tx) => {
    // The same code used twice at once passes at most once (acceptTotp's conditional update).
    if (!(await acceptTotp(tx, user.id, rawCode)))
      throw new Invalid("That code is not valid. Wait for the next code and try again.", {
        code: ["That code is not valid."],
      });
    await tx.consoleSession.update({ where: { id: user.sessionId }, data: { mfaAt: at } });
    await appendLedger(tx, {
      actor: { id: user.id, kind: "USER", name: user.name },
      action: "auth.step_up",
      target: `user:${user.id}`,
    });
    return at;
  });
}

/**
 * For decision actions: a code sent with the form is checked first; then the session must
 * hold a step-up within the window. Returns the step-up time to record with the decision.
 */
export async function requireStepUp(
  user: SessionUser,
  code: string | undefined,
  windowMs = STEP_UP_WINDOW_MS,
): Promise<Date> {
  if (code && code.trim()) return stepUp(user, code);
  return assertFreshStepUp(user, windowMs);
}
