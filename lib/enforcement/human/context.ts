import type { Context } from "@/lib/policy/cedar";
import { baseContext, MINUTE, type PepContext } from "../context";
import type { HumanRecord } from "../records";

/** MFA older than this is not "fresh" for privileged access. */
export const MFA_FRESH_MINUTES = 15;

// Human path: fresh MFA. (Manager approval for privileged access is the request flow's job:
// an approved request becomes a grant, which shows up in `principal.entitlements`.)
export function humanContext(h: HumanRecord, now: Date, pep: PepContext): Context {
  const ctx = baseContext("human", now, pep, h.riskScore);
  if (h.mfaEnrolled && h.mfaVerifiedAt) {
    const age = Math.max(0, Math.floor((now.getTime() - h.mfaVerifiedAt.getTime()) / MINUTE));
    ctx.mfaAgeMinutes = age;
    ctx.mfaFresh = age <= MFA_FRESH_MINUTES;
  }
  return ctx;
}
