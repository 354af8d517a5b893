import { db } from "@/lib/db";
import { open } from "@/lib/crypto/secret-box";
import { currentTotp } from "./totp";

/**
 * The current TOTP code of a demo account, for the CLI's `totp-code` (demos and the agent
 * example drive step-ups from a terminal). Only the demo domain: null for anyone else.
 */
export async function demoTotpCode(email: string): Promise<string | null> {
  if (!email.endsWith("@triad.example")) return null;
  const user = await db.user.findUnique({
    where: { email },
    select: { totpSecretEnc: true, mfaEnabledAt: true },
  });
  if (!user?.totpSecretEnc || !user.mfaEnabledAt) return null;
  return currentTotp(open(user.totpSecretEnc));
}
