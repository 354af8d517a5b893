import { db, type Tx } from "@/lib/db";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerEvent } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { notify } from "@/lib/inbox/notify";
import { actorTarget, personOf, type Caller } from "./caller";
import { assertReceivable, lockActor } from "./people";
import { clearLeaverFlag } from "./succession";
import { scheduleNewcomerReview } from "@/lib/campaigns/newcomer";
import type { ClaimInput, DecideClaimInput } from "./schemas";

export type ClaimOutcome = {
  actorId: string;
  name: string;
  claimId: string;
  status: "APPROVED" | "PENDING";
  reason: string;
};

/**
 * Claims one or many NHIs (or agents without a sponsor) for the calling person, all in one
 * transaction. Each NHI is taken with a conditional update on its claim status, so when two
 * people claim at once exactly one wins and the other gets a Conflict naming what was taken.
 */
export async function claimIdentities(caller: Caller, input: ClaimInput): Promise<ClaimOutcome[]> {
  const claimantId = personOf(caller);
  const actorIds = [...new Set(input.actorIds)].sort(); // fixed lock order: no deadlocks between bulk claims
  return db.$transaction(async (tx) => {
    const claimant = await assertReceivable(tx, claimantId, "Your person record");
    const outcomes: ClaimOutcome[] = [];
    const events: LedgerEvent[] = [];
    for (const actorId of actorIds) {
      const target = await tx.actor.findUnique({
        where: { id: actorId },
        select: {
          id: true,
          kind: true,
          displayName: true,
          status: true,
          nhi: { select: { platform: true, platformAccount: true } },
          agent: { select: { sponsorId: true } },
        },
      });
      if (!target || target.kind === "HUMAN")
        throw new NotFound("One of the chosen identities no longer exists.");
      if (target.status === "RETIRED")
        throw new Invalid(`${target.displayName} is retired and cannot be claimed.`);
      const outcome =
        target.kind === "NHI"
          ? await claimNhi(tx, target, claimant)
          : await claimAgent(tx, target, claimant.id);
      outcomes.push(outcome);
      events.push({
        actor: caller.ledger,
        action: outcome.status === "APPROVED" ? "nhi.claimed" : "nhi.claim_requested",
        target: actorTarget(actorId),
        details: {
          claimId: outcome.claimId,
          claimant: claimant.id,
          kind: target.kind,
          autoApproved: outcome.status === "APPROVED",
          reason: outcome.reason,
          justification: input.justification,
        },
      });
      await enqueueWebhook(tx, outcome.status === "APPROVED" ? "nhi.claimed" : "nhi.claim_requested", {
        actorId,
        name: target.displayName,
        claimant: claimant.displayName,
      });
    }
    await appendLedger(tx, events);
    return outcomes;
  });

  async function claimNhi(
    tx: Tx,
    target: {
      id: string;
      displayName: string;
      nhi: { platform: string; platformAccount: string | null } | null;
    },
    claimant: { id: string; displayName: string; teamId: string | null },
  ): Promise<ClaimOutcome> {
    const nhi = target.nhi!;
    const teamOwnsAccount =
      claimant.teamId && nhi.platformAccount
        ? await tx.nhiProfile.findFirst({
            where: {
              platform: nhi.platform,
              platformAccount: nhi.platformAccount,
              claimStatus: "OWNED",
              actorId: { not: target.id },
              OR: [{ actor: { teamId: claimant.teamId } }, { owner: { teamId: claimant.teamId } }],
            },
            select: { actorId: true },
          })
        : null;
    const auto = Boolean(teamOwnsAccount);
    const now = new Date();
    const { count } = await tx.nhiProfile.updateMany({
      where: { actorId: target.id, claimStatus: { in: ["UNCLAIMED", "ORPHANED"] } },
      data: auto
        ? { claimStatus: "OWNED", ownerId: claimant.id, ownerSince: now, pendingOwnerId: null }
        : { claimStatus: "CLAIM_PENDING" },
    });
    if (count !== 1) {
      throw new Conflict(
        `${target.displayName} was claimed by someone else meanwhile. Nothing was changed; refresh the queue and try again.`,
      );
    }
    if (auto) await clearLeaverFlag(tx, [target.id]);
    if (auto) await scheduleNewcomerReview(tx, [{ actorId: target.id, newcomerId: claimant.id }]);
    if (auto && claimant.teamId)
      await tx.actor.update({ where: { id: target.id }, data: { teamId: claimant.teamId } });
    const reason = auto
      ? `Approved automatically: your team already owns another identity on ${nhi.platform} / ${nhi.platformAccount}.`
      : `Waiting for a security admin: your team does not yet own anything on ${nhi.platform}${nhi.platformAccount ? ` / ${nhi.platformAccount}` : ""}.`;
    const claim = await tx.ownershipClaim.create({
      data: {
        actorId: target.id,
        claimantId: claimant.id,
        teamId: claimant.teamId,
        justification: input.justification,
        status: auto ? "APPROVED" : "PENDING",
        autoApproved: auto,
        decisionReason: auto ? reason : null,
        decidedAt: auto ? now : null,
      },
      select: { id: true },
    });
    return {
      actorId: target.id,
      name: target.displayName,
      claimId: claim.id,
      status: auto ? "APPROVED" : "PENDING",
      reason,
    };
  }

  async function claimAgent(
    tx: Tx,
    target: { id: string; displayName: string; agent: { sponsorId: string | null } | null },
    claimantId: string,
  ): Promise<ClaimOutcome> {
    await lockActor(tx, target.id);
    const agent = await tx.agentProfile.findUnique({
      where: { actorId: target.id },
      select: { sponsorId: true },
    });
    const pending = await tx.ownershipClaim.findFirst({
      where: { actorId: target.id, status: "PENDING" },
      select: { id: true },
    });
    if (!agent || agent.sponsorId || pending) {
      throw new Conflict(
        `${target.displayName} was claimed by someone else meanwhile. Nothing was changed; refresh the queue and try again.`,
      );
    }
    const claim = await tx.ownershipClaim.create({
      data: { actorId: target.id, claimantId, justification: input.justification, status: "PENDING" },
      select: { id: true },
    });
    return {
      actorId: target.id,
      name: target.displayName,
      claimId: claim.id,
      status: "PENDING",
      reason: "Sponsoring an agent needs a security admin's approval.",
    };
  }
}

/** An admin approves or rejects a pending claim; a rejection says why, in the claimant's inbox. */
export async function decideClaim(
  caller: Caller,
  input: DecideClaimInput,
): Promise<{ status: "APPROVED" | "REJECTED" }> {
  if (!caller.isAdmin) throw new Forbidden("Only a security admin can decide ownership claims.");
  return db.$transaction(async (tx) => {
    const claim = await tx.ownershipClaim.findUnique({
      where: { id: input.claimId },
      select: {
        id: true,
        actorId: true,
        claimantId: true,
        teamId: true,
        status: true,
        actor: { select: { kind: true, displayName: true } },
      },
    });
    if (!claim) throw new NotFound("That claim does not exist.");
    if (caller.actorId && caller.actorId === claim.claimantId)
      throw new Forbidden("You cannot decide your own claim; another admin must.");
    await lockActor(tx, claim.actorId);
    const { count } = await tx.ownershipClaim.updateMany({
      where: { id: claim.id, status: "PENDING" },
      data: {
        status: input.decision === "APPROVE" ? "APPROVED" : "REJECTED",
        decidedById: caller.actorId,
        decisionReason:
          input.reason || (input.decision === "APPROVE" ? "Approved by a security admin." : null),
        decidedAt: new Date(),
      },
    });
    if (count !== 1) throw new Conflict("This claim was already decided by someone else.");
    const now = new Date();
    if (input.decision === "APPROVE") {
      await assertReceivable(tx, claim.claimantId, "The claimant");
      await clearLeaverFlag(tx, [claim.actorId]);
      await scheduleNewcomerReview(tx, [{ actorId: claim.actorId, newcomerId: claim.claimantId }]);
      if (claim.actor.kind === "NHI") {
        const moved = await tx.nhiProfile.updateMany({
          where: { actorId: claim.actorId, claimStatus: "CLAIM_PENDING" },
          data: { claimStatus: "OWNED", ownerId: claim.claimantId, ownerSince: now, pendingOwnerId: null },
        });
        if (moved.count !== 1)
          throw new Conflict(`${claim.actor.displayName} is no longer waiting for a claim decision.`);
        if (claim.teamId)
          await tx.actor.update({ where: { id: claim.actorId }, data: { teamId: claim.teamId } });
      } else {
        const moved = await tx.agentProfile.updateMany({
          where: { actorId: claim.actorId, sponsorId: null },
          data: { sponsorId: claim.claimantId, pendingSponsorId: null },
        });
        if (moved.count !== 1) throw new Conflict(`${claim.actor.displayName} already has a sponsor.`);
        await tx.actor.updateMany({
          where: { id: claim.actorId, status: "SUSPENDED" },
          data: { status: "ACTIVE" },
        });
      }
    } else if (claim.actor.kind === "NHI") {
      const nhi = await tx.nhiProfile.findUnique({
        where: { actorId: claim.actorId },
        select: { pendingOwnerId: true, ownerSince: true },
      });
      await tx.nhiProfile.updateMany({
        where: { actorId: claim.actorId, claimStatus: "CLAIM_PENDING" },
        data: { claimStatus: nhi?.pendingOwnerId || nhi?.ownerSince ? "ORPHANED" : "UNCLAIMED" },
      });
    }
    await notify(tx, claim.claimantId, {
      kind: input.decision === "APPROVE" ? "claim.approved" : "claim.rejected",
      title:
        input.decision === "APPROVE"
          ? `Your claim of ${claim.actor.displayName} was approved`
          : `Your claim of ${claim.actor.displayName} was rejected`,
      body: input.decision === "APPROVE" ? "You are now its accountable owner." : `Reason: ${input.reason}`,
      link: `/ownership/claims`,
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: input.decision === "APPROVE" ? "nhi.claim_approved" : "nhi.claim_rejected",
      target: actorTarget(claim.actorId),
      details: { claimId: claim.id, claimant: claim.claimantId, reason: input.reason ?? null },
    });
    return { status: input.decision === "APPROVE" ? ("APPROVED" as const) : ("REJECTED" as const) };
  });
}
