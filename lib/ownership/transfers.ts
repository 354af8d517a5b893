import { db } from "@/lib/db";
import { Conflict, Forbidden, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { notify } from "@/lib/inbox/notify";
import { actorTarget, managedActorWhere, personOf, type Caller } from "./caller";
import { assertReceivable, lockActor } from "./people";
import { clearLeaverFlag } from "./succession";
import { scheduleNewcomerReview } from "@/lib/campaigns/newcomer";
import type { CoOwnerInput, DecideTransferInput, TransferInput } from "./schemas";

/** The current owner (or a co-owner, or an admin) offers an NHI or agent to a person or a team. */
export async function requestTransfer(
  caller: Caller,
  input: TransferInput,
): Promise<{ transferId: string; receiver: string }> {
  return db.$transaction(async (tx) => {
    const subject = await tx.actor.findFirst({
      where: { id: input.actorId, kind: { in: ["NHI", "AGENT"] }, ...managedActorWhere(caller) },
      select: {
        id: true,
        kind: true,
        displayName: true,
        status: true,
        nhi: { select: { ownerId: true } },
        agent: { select: { sponsorId: true } },
      },
    });
    if (!subject) throw new NotFound("That identity does not exist or you do not own it.");
    if (subject.status === "RETIRED")
      throw new Invalid(`${subject.displayName} is retired; there is nothing to hand over.`);
    let receiverId = input.toId;
    let teamName: string | null = null;
    if (input.toTeamId) {
      const team = await tx.team.findUnique({
        where: { id: input.toTeamId },
        select: { name: true, leadId: true },
      });
      if (!team) throw new NotFound("That team does not exist.");
      if (!team.leadId)
        throw new Invalid(`Team ${team.name} has no lead to accept the hand-over. Choose a person instead.`, {
          toTeamId: ["This team has no lead."],
        });
      receiverId = team.leadId;
      teamName = team.name;
    }
    const receiver = await assertReceivable(tx, receiverId!, "The receiver");
    // Whoever offers cannot be the one who accepts: a co-owner (or a team lead offering to their
    // own team) would otherwise take ownership without the owner's consent.
    if (caller.actorId && receiver.id === caller.actorId) {
      throw new Forbidden(
        "You cannot hand an identity over to yourself. Ask its owner or an admin to offer it to you.",
      );
    }
    const fromId = subject.nhi?.ownerId ?? subject.agent?.sponsorId ?? null;
    if (fromId === receiver.id && !input.toTeamId)
      throw new Invalid(`${receiver.displayName} already owns ${subject.displayName}.`, {
        toId: ["Already the owner."],
      });
    await lockActor(tx, subject.id);
    const open = await tx.ownershipTransfer.findFirst({
      where: { actorId: subject.id, status: "PENDING" },
      select: { id: true },
    });
    if (open)
      throw new Conflict(
        `A hand-over of ${subject.displayName} is already waiting for acceptance. Cancel it first.`,
      );
    const transfer = await tx.ownershipTransfer.create({
      data: {
        actorId: subject.id,
        fromId,
        toId: receiver.id,
        toTeamId: input.toTeamId ?? null,
        reason: input.reason,
      },
      select: { id: true },
    });
    await notify(tx, receiver.id, {
      kind: "transfer.requested",
      title: `${subject.displayName} is being handed over to ${teamName ? `team ${teamName}` : "you"}`,
      body: `Reason: ${input.reason}. Accept or decline it under Ownership → Transfers.`,
      link: "/ownership/transfers",
    });
    await enqueueWebhook(tx, "ownership.transfer_requested", {
      actorId: subject.id,
      name: subject.displayName,
      to: receiver.displayName,
      team: teamName,
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "ownership.transfer_requested",
      target: actorTarget(subject.id),
      details: {
        transferId: transfer.id,
        from: fromId,
        to: receiver.id,
        toTeamId: input.toTeamId ?? null,
        reason: input.reason,
      },
    });
    return {
      transferId: transfer.id,
      receiver: teamName ? `team ${teamName} (lead ${receiver.displayName})` : receiver.displayName,
    };
  });
}

/** The receiver accepts or declines; the sender (or an admin) may cancel while it is pending. */
export async function decideTransfer(
  caller: Caller,
  input: DecideTransferInput,
): Promise<{ status: string }> {
  const me = personOf(caller);
  return db.$transaction(async (tx) => {
    const transfer = await tx.ownershipTransfer.findUnique({
      where: { id: input.transferId },
      select: {
        id: true,
        actorId: true,
        fromId: true,
        toId: true,
        toTeamId: true,
        status: true,
        actor: { select: { kind: true, displayName: true } },
      },
    });
    if (!transfer) throw new NotFound("That hand-over does not exist.");
    if (input.decision === "CANCEL" ? !(caller.isAdmin || transfer.fromId === me) : transfer.toId !== me) {
      throw new Forbidden(
        input.decision === "CANCEL"
          ? "Only the sender or an admin can cancel this hand-over."
          : "Only the receiver can accept or decline this hand-over.",
      );
    }
    await lockActor(tx, transfer.actorId);
    const status =
      input.decision === "ACCEPT" ? "ACCEPTED" : input.decision === "DECLINE" ? "DECLINED" : "CANCELLED";
    const { count } = await tx.ownershipTransfer.updateMany({
      where: { id: transfer.id, status: "PENDING" },
      data: { status, decidedAt: new Date() },
    });
    if (count !== 1) throw new Conflict("This hand-over was already decided.");
    if (input.decision === "ACCEPT") {
      await assertReceivable(tx, me, "You");
      const now = new Date();
      // Only if ownership is still what it was when the hand-over was offered (no claim or
      // other hand-over happened meanwhile).
      const changed = () =>
        new Conflict(
          `Ownership of ${transfer.actor.displayName} changed since this hand-over was offered; ask the sender to offer it again.`,
        );
      if (transfer.actor.kind === "NHI") {
        const moved = await tx.nhiProfile.updateMany({
          where: {
            actorId: transfer.actorId,
            ownerId: transfer.fromId,
            claimStatus: { not: "CLAIM_PENDING" },
          },
          data: { ownerId: me, ownerSince: now, pendingOwnerId: null, claimStatus: "OWNED" },
        });
        if (moved.count !== 1) throw changed();
      } else {
        const moved = await tx.agentProfile.updateMany({
          where: { actorId: transfer.actorId, sponsorId: transfer.fromId },
          data: { sponsorId: me, pendingSponsorId: null },
        });
        if (moved.count !== 1) throw changed();
        await tx.actor.updateMany({
          where: { id: transfer.actorId, status: "SUSPENDED" },
          data: { status: "ACTIVE" },
        });
      }
      await clearLeaverFlag(tx, [transfer.actorId]);
      await scheduleNewcomerReview(tx, [{ actorId: transfer.actorId, newcomerId: me }]);
      if (transfer.toTeamId)
        await tx.actor.update({ where: { id: transfer.actorId }, data: { teamId: transfer.toTeamId } });
      await enqueueWebhook(tx, "ownership.transferred", {
        actorId: transfer.actorId,
        name: transfer.actor.displayName,
        from: transfer.fromId,
        to: me,
      });
    }
    await notify(tx, input.decision === "CANCEL" ? transfer.toId : transfer.fromId, {
      kind: `transfer.${status.toLowerCase()}`,
      title: `Hand-over of ${transfer.actor.displayName} ${status.toLowerCase()}`,
      body:
        input.decision === "ACCEPT"
          ? "The receiver is now its accountable owner."
          : "Ownership did not change.",
      link: "/ownership/transfers",
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action:
        input.decision === "ACCEPT"
          ? "ownership.transferred"
          : input.decision === "DECLINE"
            ? "ownership.transfer_declined"
            : "ownership.transfer_cancelled",
      target: actorTarget(transfer.actorId),
      details: {
        transferId: transfer.id,
        from: transfer.fromId,
        to: transfer.toId,
        toTeamId: transfer.toTeamId,
      },
    });
    return { status };
  });
}

export async function addCoOwner(caller: Caller, input: CoOwnerInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const nhi = await tx.actor.findFirst({
      where: { id: input.actorId, kind: "NHI", ...managedActorWhere(caller) },
      select: { id: true, nhi: { select: { ownerId: true } } },
    });
    if (!nhi) throw new NotFound("That NHI does not exist or you do not own it.");
    const person = await assertReceivable(tx, input.ownerId, "The co-owner");
    if (nhi.nhi?.ownerId === person.id)
      throw new Invalid(`${person.displayName} is already the owner.`, { ownerId: ["Already the owner."] });
    const existing = await tx.nhiCoOwner.findUnique({
      where: { actorId_ownerId: { actorId: nhi.id, ownerId: person.id } },
      select: { addedAt: true },
    });
    if (existing) throw new Conflict(`${person.displayName} is already a co-owner.`);
    await tx.nhiCoOwner.create({ data: { actorId: nhi.id, ownerId: person.id } });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "ownership.co_owner_added",
      target: actorTarget(nhi.id),
      details: { coOwner: person.id },
    });
  });
}

export async function removeCoOwner(caller: Caller, input: CoOwnerInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const nhi = await tx.actor.findFirst({
      where: { id: input.actorId, kind: "NHI", ...managedActorWhere(caller) },
      select: { id: true },
    });
    if (!nhi) throw new NotFound("That NHI does not exist or you do not own it.");
    const { count } = await tx.nhiCoOwner.deleteMany({ where: { actorId: nhi.id, ownerId: input.ownerId } });
    if (count !== 1) throw new NotFound("That person is not a co-owner.");
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "ownership.co_owner_removed",
      target: actorTarget(nhi.id),
      details: { coOwner: input.ownerId },
    });
  });
}
