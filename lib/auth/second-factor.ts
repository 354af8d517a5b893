import type { Tx } from "@/lib/db";
import { open } from "@/lib/crypto/secret-box";
import { hashPassword, verifyPassword } from "./password";
import { checkTotp } from "./totp";

// The one check of a second factor, for sign-in and for step-up. A TOTP code is accepted once:
// the conditional update of totpLastStep lets only one of two concurrent uses of a code pass.

export async function acceptTotp(client: Tx, userId: string, rawCode: string): Promise<boolean> {
  const code = rawCode.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code)) return false;
  const row = await client.user.findUnique({
    where: { id: userId },
    select: { totpSecretEnc: true, mfaEnabledAt: true, totpLastStep: true },
  });
  if (!row?.totpSecretEnc || !row.mfaEnabledAt) return false;
  const step = checkTotp(open(row.totpSecretEnc), code, row.totpLastStep);
  if (step === null) return false;
  const { count } = await client.user.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return count === 1;
}

export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Recovery codes are stored like passwords (argon2id, salted), never as a plain digest. */
export function hashRecoveryCode(code: string): Promise<string> {
  return hashPassword(normaliseRecoveryCode(code));
}

/** A recovery code is good once: found among the user's unused ones, then marked used atomically. */
export async function acceptRecoveryCode(client: Tx, userId: string, rawCode: string): Promise<boolean> {
  const code = normaliseRecoveryCode(rawCode);
  if (code.length < 8 || code.length > 32) return false;
  const unused = await client.recoveryCode.findMany({
    where: { userId, usedAt: null },
    select: { id: true, codeHash: true },
    take: 20,
  });
  for (const row of unused) {
    if (!(await verifyPassword(row.codeHash, code))) continue;
    const { count } = await client.recoveryCode.updateMany({
      where: { id: row.id, usedAt: null },
      data: { usedAt: new Date() },
    });
    return count === 1;
  }
  return false;
}

/** A six-digit TOTP code, or (at sign-in only) a recovery code. */
export async function acceptSecondFactor(
  client: Tx,
  userId: string,
  rawCode: string,
  options: { recovery: boolean },
): Promise<boolean> {
  const code = rawCode.replace(/\s+/g, "");
  if (/^\d{6}$/.test(code)) return acceptTotp(client, userId, code);
  return options.recovery ? acceptRecoveryCode(client, userId, code) : false;
}
