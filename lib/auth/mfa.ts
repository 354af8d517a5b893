import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import { open, seal } from "@/lib/crypto/secret-box";
import { checkTotp, newTotpSecret, totpUri } from "./totp";
import { hashRecoveryCode } from "./second-factor";

const RECOVERY_CODES = 10;

export async function hasMfa(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } });
  return Boolean(user?.mfaEnabledAt);
}

/** A pending TOTP secret for a user without MFA; the same one until enrolment completes. */
export async function startEnrolment(
  userId: string,
): Promise<{ email: string; secret: string; uri: string }> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (!user) throw new NotFound("User not found.");
  if (user.mfaEnabledAt) throw new Conflict("Two-factor sign-in is already set up for this account.");
  let secret = user.totpSecretEnc ? open(user.totpSecretEnc) : null;
  if (!secret) {
    secret = newTotpSecret();
    await db.user.update({ where: { id: userId }, data: { totpSecretEnc: seal(secret) } });
  }
  return { email: user.email, secret, uri: totpUri(secret, user.email) };
}

/** Confirms the first code, turns MFA on and returns recovery codes (shown once, stored hashed). */
export async function confirmEnrolment(userId: string, code: string): Promise<string[]> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { name: true, totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (!user?.totpSecretEnc) throw new NotFound("Start the set-up again from the sign-in page.");
  if (user.mfaEnabledAt) throw new Conflict("Two-factor sign-in is already set up for this account.");
  const step = checkTotp(open(user.totpSecretEnc), code.replace(/\s+/g, ""), null);
  if (step === null)
    throw new Invalid("That code does not match. Check the time on your phone and enter the current code.", {
      code: ["Code does not match"],
    });
  const codes = Array.from({ length: RECOVERY_CODES }, () =>
    randomBytes(6)
      .toString("hex")
      .replace(/(.{4})(?=.)/g, "$1-"),
  );
  const hashes = await Promise.all(codes.map(hashRecoveryCode));
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: null },
      data: { mfaEnabledAt: new Date(), totpLastStep: step },
    });
    if (count !== 1) throw new Conflict("Two-factor sign-in is already set up for this account.");
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.recoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
    await appendLedger(tx, {
      actor: { id: userId, kind: "USER", name: user.name },
      action: "auth.mfa_enrolled",
      target: `user:${userId}`,
      details: { recoveryCodes: RECOVERY_CODES },
    });
  });
  return codes;
}

/** Operator action: the user enrols again at next sign-in. */
export async function resetMfa(
  caller: Caller,
  { userId, reason }: { userId: string; reason: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { totpSecretEnc: null, mfaEnabledAt: null, totpLastStep: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.consoleSession.updateMany({
      where: { userId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "auth.mfa_reset",
      target: `user:${userId}`,
      details: { reason },
    });
  });
}
