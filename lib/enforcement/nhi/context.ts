import type { Context } from "@/lib/policy/cedar";
import { baseContext, DAY, type PepContext } from "../context";
import type { NhiRecord } from "../records";

// NHI path: has an owner, credential not expired, rotation not overdue (status is an attribute).
export function nhiContext(n: NhiRecord, now: Date, pep: PepContext): Context {
  const ctx = baseContext("nhi", now, pep, n.riskScore);
  const t = now.getTime();
  ctx.ownerPresent = !!n.ownerId && n.claimStatus === "OWNED";
  ctx.credentialExpired =
    (!!n.expiresAt && n.expiresAt.getTime() <= t) ||
    (!!n.credentialExpiresAt && n.credentialExpiresAt.getTime() <= t);
  ctx.rotationOverdue = !!n.rotationDueAt && n.rotationDueAt.getTime() < t;
  const since = n.lastRotatedAt ?? n.credentialIssuedAt;
  ctx.credentialAgeDays = since ? Math.max(0, Math.floor((t - since.getTime()) / DAY)) : 0;
  return ctx;
}
