import type { Tx } from "@/lib/db";
import { endGrants } from "@/lib/grants/end";
import type { LedgerActor } from "@/lib/ledger/append";
import { appendLedger } from "@/lib/ledger/append";
import { announceChange } from "@/lib/changes/channel";
import { Invalid } from "@/lib/errors";

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
  ctx: { campaignId: string; reason: string; by: LedgerActor; requestedById: string | null; now: Date },
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
    denied.filter((d) => d.decision === "REDUCE" && d.grantId),
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
    UPDATE "ReviewItem" ri SET remediation = CASE
        WHEN ri."grantId" IS NULL THEN 'PENDING'
        WHEN r."sourceSystem" = ANY(${[...TRIAD_ENFORCED]}::text[]) THEN 'APPLIED'
        WHEN r."ownerId" IS NULL THEN 'UNSUPPORTED'
        ELSE 'PENDING' END,
      "remediationAt" = ${ctx.now}
    FROM "ReviewItem" x
    LEFT JOIN "Entitlement" e ON e.id = x."entitlementId"
    LEFT JOIN "Resource" r ON r.id = e."resourceId"
    WHERE ri.id = x.id AND ri.id = ANY(${ids}::uuid[])`;
}

async function reduce(tx: Tx, items: Denied[], ctx: { campaignId: string; by: LedgerActor; now: Date }) {
  for (const d of items) {
    const old = await tx.grant.findUniqueOrThrow({
      where: { id: d.grantId! },
      select: { actorId: true, entitlement: { select: { id: true, resourceId: true, privileged: true } } },
    });
    const smaller = await tx.entitlement.findFirst({
      where: { id: d.replacementEntitlementId ?? "", resourceId: old.entitlement.resourceId },
      select: { id: true, privileged: true, name: true },
    });
    if (!smaller || smaller.id === old.entitlement.id)
      throw new Invalid("The replacement must be another entitlement on the same resource.");
    // A reviewer narrows access; anything privileged goes through an access request instead.
    if (smaller.privileged)
      throw new Invalid(
        "A replacement cannot be privileged: revoke this grant and let the person request what they need.",
      );
    const replacement = await tx.grant.create({
      data: {
        actorId: old.actorId,
        entitlementId: smaller.id,
        source: "CAMPAIGN",
        grantedAt: ctx.now,
        // Not certified: nobody reviewed this grant yet; the next campaign does.
      },
      select: { id: true },
    });
    await tx.reviewItem.update({ where: { id: d.itemId }, data: { replacementGrantId: replacement.id } });
    await appendLedger(tx, [
      {
        actor: ctx.by,
        action: "grant.created",
        target: `grant:${replacement.id}`,
        details: {
          actorId: old.actorId,
          entitlementId: smaller.id,
          source: "CAMPAIGN",
          replaces: d.grantId,
          campaignId: ctx.campaignId,
        },
      },
    ]);
  }
}
