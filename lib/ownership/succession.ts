import { db, type Tx } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { appendLedger, SYSTEM_ACTOR, type LedgerActor, type LedgerEvent } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { recordLedger, type LedgerMode } from "@/lib/ledger/outbox";
import { notifyMany } from "@/lib/inbox/notify";
import { flagLeaver } from "@/lib/inventory/leaver";
import { actorTarget, personOf, type Caller } from "./caller";
import { scheduleNewcomerReview } from "@/lib/campaigns/newcomer";
import { lockAdminGuard } from "@/lib/users/guard";

type Candidate = {
  id: string;
  status: string;
  flaggedAt: Date | null;
  human: { employmentStatus: string } | null;
} | null;
const usable = (p: Candidate): p is NonNullable<Candidate> =>
  Boolean(p && p.status === "ACTIVE" && !p.flaggedAt && p.human?.employmentStatus !== "TERMINATED");
const candidateSelect = {
  id: true,
  status: true,
  flaggedAt: true,
  human: { select: { employmentStatus: true } },
} as const;

/** Who inherits a leaver's identities: their manager, else their team's lead (never themselves). */
export async function findSuccessor(
  tx: Tx,
  humanId: string,
): Promise<{ id: string; via: "manager" | "team lead" } | null> {
  const person = await tx.actor.findUnique({
    where: { id: humanId },
    select: {
      human: { select: { manager: { select: candidateSelect } } },
      team: { select: { lead: { select: candidateSelect } } },
    },
  });
  const manager = person?.human?.manager ?? null;
  if (usable(manager) && manager.id !== humanId) return { id: manager.id, via: "manager" };
  const lead = person?.team?.lead ?? null;
  if (usable(lead) && lead.id !== humanId) return { id: lead.id, via: "team lead" };
  return null;
}

export type SuccessionResult = {
  successorId: string | null;
  via: string | null;
  orphanedNhis: number;
  suspendedAgents: number;
};

/**
 * The succession rule, run when an owner is offboarded (SCIM leaver flag or manual): their NHIs
 * become ORPHANED with the successor as pending owner, the agents they sponsored are SUSPENDED
 * with the successor as pending sponsor, their co-ownerships and open hand-overs end. Idempotent.
 */
export async function applySuccession(
  tx: Tx,
  humanId: string,
  ledgerActor: LedgerActor = SYSTEM_ACTOR,
  ledger: LedgerMode = "chain",
): Promise<SuccessionResult> {
  const successor = await findSuccessor(tx, humanId);
  const pending = successor?.id ?? null;
  const nhis = await tx.nhiProfile.findMany({
    where: { OR: [{ ownerId: humanId }, { pendingOwnerId: humanId }], actor: { status: { not: "RETIRED" } } },
    select: { actorId: true, ownerId: true, actor: { select: { displayName: true } } },
  });
  const agents = await tx.agentProfile.findMany({
    where: {
      OR: [{ sponsorId: humanId }, { pendingSponsorId: humanId }],
      actor: { status: { not: "RETIRED" } },
    },
    select: { actorId: true, sponsorId: true, actor: { select: { displayName: true } } },
  });
  if (nhis.length > 0) {
    await tx.nhiProfile.updateMany({
      where: { actorId: { in: nhis.map((n) => n.actorId) } },
      data: { ownerId: null, pendingOwnerId: pending, claimStatus: "ORPHANED" },
    });
  }
  if (agents.length > 0) {
    await tx.agentProfile.updateMany({
      where: { actorId: { in: agents.map((a) => a.actorId) } },
      data: { sponsorId: null, pendingSponsorId: pending },
    });
    await tx.actor.updateMany({
      where: { id: { in: agents.map((a) => a.actorId) }, status: "ACTIVE" },
      data: { status: "SUSPENDED" },
    });
  }
  await tx.nhiCoOwner.deleteMany({ where: { ownerId: humanId } });
  await tx.ownershipTransfer.updateMany({
    where: { status: "PENDING", OR: [{ toId: humanId }, { fromId: humanId }] },
    data: { status: "CANCELLED", decidedAt: new Date() },
  });
  // Claims the leaver made and that still wait for a decision are withdrawn.
  const withdrawn = await tx.ownershipClaim.findMany({
    where: { claimantId: humanId, status: "PENDING" },
    select: { id: true, actorId: true },
  });
  if (withdrawn.length > 0) {
    await tx.ownershipClaim.updateMany({
      where: { id: { in: withdrawn.map((c) => c.id) } },
      data: {
        status: "REJECTED",
        decisionReason: "The claimant left the organisation.",
        decidedAt: new Date(),
      },
    });
    await tx.nhiProfile.updateMany({
      where: { actorId: { in: withdrawn.map((c) => c.actorId) }, claimStatus: "CLAIM_PENDING" },
      data: { claimStatus: "UNCLAIMED" },
    });
  }

  const events: LedgerEvent[] = [
    ...nhis.map((n) => ({
      actor: ledgerActor,
      action: "nhi.orphaned" as const,
      target: actorTarget(n.actorId),
      details: {
        previousOwner: n.ownerId,
        leaver: humanId,
        pendingOwner: pending,
        via: successor?.via ?? null,
      },
    })),
    ...agents.map((a) => ({
      actor: ledgerActor,
      action: "agent.suspended" as const,
      target: actorTarget(a.actorId),
      details: {
        previousSponsor: a.sponsorId,
        leaver: humanId,
        pendingSponsor: pending,
        via: successor?.via ?? null,
        reason: "sponsor offboarded",
      },
    })),
  ];
  if (events.length > 0) {
    events.push({
      actor: ledgerActor,
      action: "ownership.succession_applied",
      target: actorTarget(humanId),
      details: { successor: pending, via: successor?.via ?? null, nhis: nhis.length, agents: agents.length },
    });
    await recordLedger(tx, events, ledger);
  }
  if (pending && (nhis.length > 0 || agents.length > 0)) {
    await notifyMany(tx, [
      ...nhis.map((n) => ({
        recipientId: pending,
        kind: "succession.owner",
        title: `You are the pending owner of ${n.actor.displayName}`,
        body: "Its owner was offboarded. Accept ownership or hand it over.",
        link: "/ownership?status=ORPHANED",
      })),
      ...agents.map((a) => ({
        recipientId: pending,
        kind: "succession.sponsor",
        title: `Agent ${a.actor.displayName} is suspended until you accept sponsorship`,
        body: "Its sponsor was offboarded.",
        link: "/ownership?status=NO_SPONSOR",
      })),
    ]);
  }
  for (const n of nhis)
    await enqueueWebhook(tx, "nhi.orphaned", {
      actorId: n.actorId,
      name: n.actor.displayName,
      leaver: humanId,
      pendingOwner: pending,
    });
  for (const a of agents)
    await enqueueWebhook(tx, "agent.suspended", {
      actorId: a.actorId,
      name: a.actor.displayName,
      leaver: humanId,
      pendingSponsor: pending,
    });
  return {
    successorId: pending,
    via: successor?.via ?? null,
    orphanedNhis: nhis.length,
    suspendedAgents: agents.length,
  };
}

/**
 * Manual offboarding of a person from the console: flags them as leaving through the inventory's
 * leaver flow (the same one SCIM uses) and applies the succession rule, in one transaction.
 */
export async function offboardOwner(
  caller: Caller,
  humanId: string,
  reason: string,
): Promise<SuccessionResult> {
  return db.$transaction(async (tx) => {
    const person = await tx.actor.findUnique({
      where: { id: humanId },
      select: { id: true, kind: true, status: true, displayName: true },
    });
    if (!person || person.kind !== "HUMAN") throw new NotFound("That person does not exist.");
    if (person.status === "RETIRED") throw new Invalid(`${person.displayName} has already left.`);
    return offboardPerson(tx, humanId, reason, caller.ledger);
  });
}

/**
 * Every leaver path (SCIM deactivate/delete, manual offboarding) in the caller's transaction:
 * the inventory's leaver flag (status, flags, console account off), then the succession rule.
 */
export async function offboardPerson(
  tx: Tx,
  humanId: string,
  reason: string,
  by: LedgerActor,
  ledger: LedgerMode = "chain",
): Promise<SuccessionResult> {
  // Before any ledger entry of this transaction: see lockAdminGuard for the lock order.
  await lockAdminGuard(tx);
  await flagLeaver(tx, humanId, reason, by, ledger);
  return applySuccession(tx, humanId, by, ledger);
}

/** Catches up people flagged as leavers (e.g. by SCIM) who still own or sponsor something. */
export async function runSuccessionSweep(
  limit = 500,
): Promise<{ people: number; nhis: number; agents: number }> {
  const live = { actor: { status: { not: "RETIRED" as const } } };
  const leavers = await db.actor.findMany({
    where: {
      kind: "HUMAN",
      OR: [{ flaggedAt: { not: null } }, { status: { in: ["OFFBOARDING", "RETIRED"] } }],
      AND: [
        {
          OR: [
            { ownedNhis: { some: live } },
            { pendingOwnedNhis: { some: live } },
            { sponsoredAgents: { some: live } },
            { pendingSponsored: { some: live } },
          ],
        },
      ],
    },
    select: { id: true },
    take: limit,
  });
  const total = { people: 0, nhis: 0, agents: 0 };
  for (const leaver of leavers) {
    const r = await db.$transaction((tx) => applySuccession(tx, leaver.id, SYSTEM_ACTOR));
    total.people++;
    total.nhis += r.orphanedNhis;
    total.agents += r.suspendedAgents;
  }
  return total;
}

/** The pending owner/sponsor accepts what succession handed them. */
export async function acceptSuccession(caller: Caller, actorIds: string[]): Promise<{ accepted: number }> {
  const me = personOf(caller);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const nhis = await tx.nhiProfile.findMany({
      where: { actorId: { in: actorIds }, pendingOwnerId: me, claimStatus: "ORPHANED" },
      select: { actorId: true },
    });
    const agents = await tx.agentProfile.findMany({
      where: { actorId: { in: actorIds }, pendingSponsorId: me, sponsorId: null },
      select: { actorId: true },
    });
    if (nhis.length + agents.length === 0)
      throw new NotFound("Nothing here is waiting for you to accept it.");
    await tx.nhiProfile.updateMany({
      where: { actorId: { in: nhis.map((n) => n.actorId) }, pendingOwnerId: me, claimStatus: "ORPHANED" },
      data: { ownerId: me, ownerSince: now, pendingOwnerId: null, claimStatus: "OWNED" },
    });
    await tx.agentProfile.updateMany({
      where: { actorId: { in: agents.map((a) => a.actorId) } },
      data: { sponsorId: me, pendingSponsorId: null },
    });
    await tx.actor.updateMany({
      where: { id: { in: agents.map((a) => a.actorId) }, status: "SUSPENDED" },
      data: { status: "ACTIVE" },
    });
    await clearLeaverFlag(tx, [...nhis.map((n) => n.actorId), ...agents.map((a) => a.actorId)]);
    await scheduleNewcomerReview(
      tx,
      [...nhis, ...agents].map((x) => ({ actorId: x.actorId, newcomerId: me })),
    );
    await appendLedger(tx, [
      ...nhis.map((n) => ({
        actor: caller.ledger,
        action: "nhi.owner_accepted" as const,
        target: actorTarget(n.actorId),
        details: { owner: me, via: "succession" },
      })),
      ...agents.map((a) => ({
        actor: caller.ledger,
        action: "agent.sponsor_accepted" as const,
        target: actorTarget(a.actorId),
        details: { sponsor: me, via: "succession" },
      })),
    ]);
    return { accepted: nhis.length + agents.length };
  });
}

/** An identity that found a new accountable person no longer carries its old owner's leaver flag. */
export async function clearLeaverFlag(tx: Tx, actorIds: string[]): Promise<void> {
  if (actorIds.length === 0) return;
  await tx.actor.updateMany({
    where: { id: { in: actorIds }, kind: { in: ["NHI", "AGENT"] }, flaggedAt: { not: null } },
    data: { flaggedAt: null, flaggedReason: null },
  });
}
