import { generateSecret, generateSync, generateURI, verifySync } from "otplib";

export const TOTP_ISSUER = "Triad";

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, account: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: account, secret });
}

export function currentTotp(secret: string): string {
  return generateSync({ secret });
}

/**
 * Checks a 6-digit code, allowing one 30 s step of clock drift either way. Returns the
 * accepted time step, which must be greater than the last one used (no replay).
 */
export function checkTotp(secret: string, code: string, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const result = verifySync({ secret, token: code, epochTolerance: 30 });
  if (!result.valid) return null;
  const step = (result as { timeStep: number }).timeStep;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
