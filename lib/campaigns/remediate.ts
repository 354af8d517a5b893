import type { Tx } from "@/lib/db";
import { endGrants } from "@/lib/grants/end";
import type { LedgerActor } from "@/lib/ledger/append";
import { appendLedger } from "@/lib/ledger/append";
import { announceChange } from "@/lib/changes/channel";
import { reduce, type ReducePolicy } from "./reduce";

// Carrying out a denied review: the grant ends in Triad in the caller's transaction (the
// decision path refuses it from that moment), and the copy held in the target system is
// tracked until its owner confirms it removed.

/** Resources whose access lives only in Triad: ending the grant is the whole remediation. */
const TRIAD_ENFORCED = new Set(["triad"]);

export type Denied = {
  itemId: string;
  grantId: string | null;
  actorId: string;
  decision: "REVOKE" | "REDUCE";
  replacementEntitlementId?: string | null;
};

export async function remediate(
  tx: Tx,
  denied: Denied[],
  ctx: {
    campaignId: string;
    reason: string;
    by: LedgerActor;
    requestedById: string | null;
    now: Date;
    policies?: Map<string, ReducePolicy>;
  },
): Promise<void> {
  if (denied.length === 0) return;
  const grantIds = denied.flatMap((d) => (d.grantId ? [d.grantId] : []));
  await endGrants(tx, {
    grantIds,
    method: "CAMPAIGN_REVOKE",
    reason: ctx.reason,
    by: ctx.by,
    requestedById: ctx.requestedById,
    evidence: `campaign:${ctx.campaignId}`,
    details: { campaignId: ctx.campaignId },
  });
  await reduce(
    tx,
    denied.flatMap((d) => (d.decision === "REDUCE" && d.grantId ? [{ ...d, grantId: d.grantId }] : [])),
    ctx,
  );
  // NHI attestation denied: quarantine the identity (suspend it) until someone claims it.
  const nhis = denied.filter((d) => !d.grantId).map((d) => d.actorId);
  if (nhis.length) {
    await tx.$executeRaw`UPDATE "Actor" SET status = 'SUSPENDED', "updatedAt" = now() WHERE id = ANY(${nhis}::uuid[]) AND status = 'ACTIVE'`;
    await appendLedger(
      tx,
      nhis.map((id) => ({
        actor: ctx.by,
        action: "actor.quarantined",
        target: `actor:${id}`,
        details: { campaignId: ctx.campaignId, reason: ctx.reason },
      })),
    );
    await announceChange(tx, "actor");
  }
  // Triad-enforced resources are done; external ones wait for their owner; without an owner nobody can confirm.
  const ids = denied.map((d) => d.itemId);
  await tx.$executeRaw`
    UPDATE "ReviewItem" ri SET remediation = CASE WHEN ri."grantId" IS NULL THEN 'PENDING' ELSE coalesce((
        SELECT CASE WHEN r."sourceSystem" = ANY(${[...TRIAD_ENFORCED]}::text[]) THEN 'APPLIED'
                    WHEN r."ownerId" IS NULL THEN 'UNSUPPORTED' ELSE 'PENDING' END
        FROM "Entitlement" e JOIN "Resource" r ON r.id = e."resourceId" WHERE e.id = ri."entitlementId"), 'PENDING') END,
      "remediationAt" = ${ctx.now}
    WHERE ri.id = ANY(${ids}::uuid[])`;
}
