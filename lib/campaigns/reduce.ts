import { db, type Tx } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import type { ApproverRole } from "@/lib/generated/prisma/enums";
import { beneficiariesOf } from "@/lib/requests/routing";

// REDUCE: a smaller grant replaces the reviewed one. Like every grant it carries its origin in
// the fields the access story reads: a request (the reviewer asked for the narrower access, on
// the review item), the policy decision that allowed it, and the reviewer's approval.

export type ReducePolicy = { seq: bigint; versionHash: string | null; reason: string };

/**
 * Asks the PDP, before the decision's transaction (its ledger entry commits on its own), whether
 * the reviewer may put the replacement in place for each subject. A denial refuses the REDUCE.
 */
export async function reducePolicies(
  by: LedgerActor,
  reviewerId: string,
  itemIds: string[],
  replacementEntitlementId: string,
  reason: string,
): Promise<Map<string, ReducePolicy>> {
  const items = await db.reviewItem.findMany({
    where: { id: { in: itemIds }, reviewerId, decision: null },
    select: { actorId: true, grant: { select: { entitlement: { select: { id: true, resourceId: true } } } } },
  });
  const smaller = await db.entitlement.findUnique({
    where: { id: replacementEntitlementId },
    select: { id: true, resourceId: true, privileged: true },
  });
  // The same checks run again in the transaction; here they spare the PDP a pointless decision.
  for (const i of items) assertReplacement(i.grant?.entitlement ?? null, smaller);
  const out = new Map<string, ReducePolicy>();
  for (const actorId of new Set(items.map((i) => i.actorId))) {
    const d = await evaluateAndLog(
      { id: by.id, name: by.name ?? by.id, kind: by.kind },
      {
        subject: { type: "human", id: reviewerId },
        action: { name: "request" },
        resource: { type: "entitlement", id: replacementEntitlementId },
        context: { task: `campaign review: ${reason}`.slice(0, 200), forActor: actorId },
      },
    );
    if (d.decision !== "allow" || d.seq === null)
      throw new Invalid(
        `The policy does not allow this replacement (${d.reason}). Revoke the access instead and let them request what they need.`,
      );
    out.set(actorId, { seq: d.seq, versionHash: d.versionHash, reason: d.reason });
  }
  return out;
}

type Ent = { id: string; resourceId: string; privileged?: boolean } | null;

function assertReplacement(held: Ent, smaller: Ent): void {
  if (!held) throw new Invalid("Only a grant can be reduced.");
  if (!smaller || smaller.id === held.id || smaller.resourceId !== held.resourceId)
    throw new Invalid("The replacement must be another entitlement on the same resource.");
  // A reviewer narrows access; anything privileged goes through an access request instead.
  if (smaller.privileged)
    throw new Invalid(
      "A replacement cannot be privileged: revoke this grant and let the person request what they need.",
    );
}

const ROLE_OF: Record<string, ApproverRole> = {
  MANAGER: "MANAGER",
  RESOURCE_OWNER: "RESOURCE_OWNER",
  NHI_OWNER: "NHI_OWNER",
  SPONSOR: "SPONSOR",
};

export type Reduced = { itemId: string; grantId: string; replacementEntitlementId?: string | null };

export async function reduce(
  tx: Tx,
  items: Reduced[],
  ctx: {
    campaignId: string;
    by: LedgerActor;
    requestedById: string | null;
    reason: string;
    now: Date;
    policies?: Map<string, ReducePolicy>;
  },
) {
  for (const d of items) {
    const old = await tx.grant.findUniqueOrThrow({
      where: { id: d.grantId },
      select: { actorId: true, entitlement: { select: { id: true, name: true, resourceId: true } } },
    });
    const smaller = await tx.entitlement.findFirst({
      where: { id: d.replacementEntitlementId ?? "", resourceId: old.entitlement.resourceId },
      select: { id: true, privileged: true, name: true, resourceId: true },
    });
    assertReplacement(old.entitlement, smaller);
    if (!smaller) continue;
    const policy = ctx.policies?.get(old.actorId);
    const item = await tx.reviewItem.findUniqueOrThrow({
      where: { id: d.itemId },
      select: { assignedBy: true, campaign: { select: { name: true, reviewerStrategy: true } } },
    });
    // Without a reviewer and a recorded policy decision the replacement would have no origin.
    if (!ctx.requestedById || !policy)
      throw new Invalid("A replacement needs a reviewer and a policy decision; revoke instead.");
    // The reviewer is recorded as the replacement's approver: someone who benefits from the
    // access (an NHI's owner, an agent's sponsor) could not approve it as a request, so not here.
    if ((await beneficiariesOf(tx, old.actorId)).has(ctx.requestedById))
      throw new Invalid(
        "You benefit from this access, so you cannot approve its replacement: revoke it and request the smaller one.",
      );
    const request = await tx.accessRequest.create({
      data: {
        requesterId: ctx.requestedById,
        subjectId: old.actorId,
        entitlementId: smaller.id,
        justification: `Narrowed from ${old.entitlement.name} in the access review “${item.campaign.name}”: ${ctx.reason}`,
        task: `review item ${d.itemId}`,
        status: "FULFILLED",
        decision: "ALLOW",
        decisionSeq: policy.seq,
        policyVersionHash: policy.versionHash,
        decisionReason: policy.reason,
        createdAt: ctx.now,
        decidedAt: ctx.now,
        approvals: {
          create: {
            approverId: ctx.requestedById,
            decision: "APPROVE",
            comment: `Certified as the replacement of ${old.entitlement.name} (review item ${d.itemId}).`,
            role:
              item.assignedBy === "STRATEGY"
                ? (ROLE_OF[item.campaign.reviewerStrategy] ?? "FALLBACK")
                : "FALLBACK",
            createdAt: ctx.now,
          },
        },
      },
      select: { id: true },
    });
    const replacement = await tx.grant.create({
      data: {
        actorId: old.actorId,
        entitlementId: smaller.id,
        source: "CAMPAIGN",
        grantedAt: ctx.now,
        requestId: request.id,
        decisionSeq: policy.seq,
        // Not certified: nobody reviewed this grant yet; the next campaign does.
      },
      select: { id: true },
    });
    await tx.reviewItem.update({ where: { id: d.itemId }, data: { replacementGrantId: replacement.id } });
    await appendLedger(tx, [
      {
        actor: ctx.by,
        action: "request.created",
        target: `request:${request.id}`,
        details: {
          subjectId: old.actorId,
          entitlementId: smaller.id,
          reviewItemId: d.itemId,
          campaignId: ctx.campaignId,
          decisionSeq: policy.seq.toString(),
          policyVersion: policy.versionHash,
          decision: "allow",
          reason: policy.reason,
        },
      },
      {
        actor: ctx.by,
        action: "request.approved",
        target: `request:${request.id}`,
        details: { by: ctx.requestedById, reviewItemId: d.itemId, grantId: replacement.id },
      },
      {
        actor: ctx.by,
        action: "grant.created",
        target: `grant:${replacement.id}`,
        details: {
          actorId: old.actorId,
          entitlementId: smaller.id,
          source: "CAMPAIGN",
          requestId: request.id,
          replaces: d.grantId,
          campaignId: ctx.campaignId,
          reviewItemId: d.itemId,
        },
      },
    ]);
  }
}
