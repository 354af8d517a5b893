import type { Context } from "@/lib/policy/cedar";
import { baseContext, MINUTE, type PepContext } from "../context";
import type { HumanRecord } from "../records";

/** MFA older than this is not "fresh" for privileged access. */
export const MFA_FRESH_MINUTES = 15;

/** The latest MFA Triad knows of: the IdP's (when enrolled there), the console's, or the session's own. */
export function lastMfaOf(h: HumanRecord, sessionMfaAt?: Date | null): Date | null {
  const times = [h.mfaEnrolled ? h.mfaVerifiedAt : null, h.consoleMfaAt ?? null, sessionMfaAt ?? null].filter(
    (d): d is Date => d instanceof Date,
  );
  return times.length ? new Date(Math.max(...times.map((d) => d.getTime()))) : null;
}

// Human path: fresh MFA. (Manager approval for privileged access is the request flow's job:
// an approved request becomes a grant, which shows up in `principal.entitlements`.)
// `sessionMfaAt` comes only from the server (the console session asking), never from a PEP.
export function humanContext(
  h: HumanRecord,
  now: Date,
  pep: PepContext,
  sessionMfaAt?: Date | null,
): Context {
  const ctx = baseContext("human", now, pep, h.riskScore);
  const mfaAt = lastMfaOf(h, sessionMfaAt);
  if (mfaAt) {
    const age = Math.max(0, Math.floor((now.getTime() - mfaAt.getTime()) / MINUTE));
    ctx.mfaAgeMinutes = age;
    ctx.mfaFresh = age <= MFA_FRESH_MINUTES;
  }
  return ctx;
}
