import { db } from "@/lib/db";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { requireStepUp } from "@/lib/auth/step-up";
import { appendLedger } from "@/lib/ledger/append";
import { cancelJob } from "@/lib/jobs/schedule";
import { fulfilRequest, requestDeadlineJobKey } from "./fulfil";
import { beneficiariesOf } from "./routing";
import { stageOutcome } from "./route-plan";
import { openStage } from "./stages";
import { personOf } from "./subject";
import { tellAboutRequest } from "./tell";
import type { DecideRequest } from "./schemas";

export type DecideOutcome = {
  status: "PENDING" | "FULFILLED" | "DENIED";
  grantId: string | null;
  message: string;
};

/**
 * An approver's decision. Separation of duties is checked here, on the server: never the
 * requester, never a beneficiary (the subject, its NHI owner, its agent's sponsor), never an
 * agent, always with a TOTP step-up in the last 10 minutes, and only by an approver of the open
 * stage. The request row is locked, so two approvers deciding at once give one outcome and the
 * second gets a Conflict naming what happened.
 */
export async function decideRequest(user: SessionUser, input: DecideRequest): Promise<DecideOutcome> {
  const me = await personOf(db, user.actorId);
  if (me.kind !== "HUMAN") throw new Forbidden("Agents and other non-human identities never approve access.");
  const stepUpAt = await requireStepUp(user, input.stepUpCode);
  const by = { id: user.id, kind: "USER" as const, name: user.name };

  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<
      Array<{ id: string }>
    >`SELECT id::text FROM "AccessRequest" WHERE id = ${input.requestId}::uuid FOR UPDATE`;
    if (!locked) throw new NotFound("That request does not exist.");
    const r = await tx.accessRequest.findUniqueOrThrow({
      where: { id: input.requestId },
      select: {
        id: true,
        status: true,
        requesterId: true,
        subjectId: true,
        entitlementId: true,
        durationMinutes: true,
        decisionSeq: true,
        deadlineAt: true,
        breakGlass: true,
        entitlement: { select: { name: true } },
        approvals: {
          orderBy: { createdAt: "desc" },
          take: 1,
          select: { approver: { select: { displayName: true } }, decision: true },
        },
        stages: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            position: true,
            mode: true,
            status: true,
            escalatedAt: true,
            fallbackApproverId: true,
            approvers: { select: { approverId: true, role: true, open: true } },
          },
        },
      },
    });
    if (r.requesterId === me.id) throw new Forbidden("You cannot approve your own request.");
    if ((await beneficiariesOf(tx, r.subjectId)).has(me.id))
      throw new Forbidden(
        "You cannot approve access that benefits you, an NHI you own or an agent you sponsor.",
      );
    if (r.status !== "PENDING") {
      const last = r.approvals[0];
      const why =
        r.status === "EXPIRED"
          ? "it expired before anyone decided"
          : last
            ? `${last.approver.displayName} already ${last.decision === "APPROVE" ? "approved" : "rejected"} it`
            : `it is ${r.status.toLowerCase()}`;
      throw new Conflict(`This request is already decided: ${why}.`);
    }
    if (r.deadlineAt && r.deadlineAt.getTime() <= Date.now())
      throw new Conflict("This request has expired: its approval deadline has passed.");
    const stage = r.stages.find((s) => s.status === "OPEN");
    const mine = stage?.approvers.find((a) => a.approverId === me.id);
    if (!stage || !mine) throw new Forbidden("You are not an approver of this request's current stage.");
    if (!mine.open) throw new Conflict("You have already decided this stage.");
    // Stages exist so that different people approve: whoever approved one stage (e.g. as the
    // fallback of an escalated stage) cannot approve another stage of the same request.
    if (
      input.decision === "APPROVE" &&
      (await tx.approval.count({
        where: { requestId: r.id, approverId: me.id, decision: "APPROVE", stageId: { not: stage.id } },
      }))
    )
      throw new Forbidden(
        "You approved an earlier stage of this request; another person must approve this one.",
      );

    await tx.approval.create({
      data: {
        requestId: r.id,
        approverId: me.id,
        decision: input.decision,
        comment: input.comment ?? null,
        stageId: stage.id,
        role: mine.role,
        stepUpAt,
      },
    });
    await tx.requestApprover.update({
      where: { stageId_approverId: { stageId: stage.id, approverId: me.id } },
      data: { open: false },
    });
    await appendLedger(tx, {
      actor: by,
      action: input.decision === "APPROVE" ? "request.approval_given" : "request.approval_refused",
      target: `request:${r.id}`,
      details: {
        approverActorId: me.id,
        stage: stage.position,
        role: mine.role,
        stepUpAt: stepUpAt.toISOString(),
        comment: input.comment ?? null,
      },
    });
    const facts = {
      id: r.id,
      requesterId: r.requesterId,
      subjectId: r.subjectId,
      entitlementId: r.entitlementId,
      entitlementName: r.entitlement.name,
      status: r.status,
    };
    const now = new Date();

    const outcome = stageOutcome(stage, me.id, input.decision);
    if (outcome === "rejected") {
      await tx.requestStage.update({ where: { id: stage.id }, data: { status: "REJECTED", decidedAt: now } });
      await tx.requestApprover.updateMany({ where: { requestId: r.id }, data: { open: false } });
      await tx.accessRequest.update({ where: { id: r.id }, data: { status: "DENIED", decidedAt: now } });
      await cancelJob(tx, requestDeadlineJobKey(r.id));
      await appendLedger(tx, {
        actor: by,
        action: "request.denied",
        target: `request:${r.id}`,
        details: { by: "approver", approverActorId: me.id, comment: input.comment ?? null },
      });
      await tellAboutRequest(
        tx,
        "request.denied",
        { ...facts, status: "DENIED" },
        {
          title: `Request for ${r.entitlement.name} rejected`,
          body: `${me.displayName} rejected it${input.comment ? `: ${input.comment}` : "."}`,
          recipients: [r.requesterId],
        },
      );
      return { status: "DENIED", grantId: null, message: "Rejected. The requester has been told." };
    }

    if (outcome === "waiting")
      return {
        status: "PENDING",
        grantId: null,
        message: "Approved; the other approvers of this stage must approve too.",
      };
    await tx.requestStage.update({ where: { id: stage.id }, data: { status: "APPROVED", decidedAt: now } });
    await tx.requestApprover.updateMany({ where: { stageId: stage.id }, data: { open: false } });

    // Someone who already approved an earlier stage never counts for a later one.
    const next = r.stages.find((s) => s.position > stage.position && s.status === "WAITING");
    if (next) {
      await openStage(
        tx,
        facts,
        {
          id: next.id,
          position: next.position,
          of: r.stages.length,
          approverIds: next.approvers.map((a) => a.approverId),
        },
        {
          title: `Approval needed: ${r.entitlement.name}`,
          body: `Stage ${next.position} of the request needs your decision.`,
        },
        { now, except: me.id },
      );
      return {
        status: "PENDING",
        grantId: null,
        message: `Approved. Stage ${next.position} goes to its approvers next.`,
      };
    }
    const grant = await fulfilRequest(
      tx,
      {
        id: r.id,
        subjectId: r.subjectId,
        entitlementId: r.entitlementId,
        durationMinutes: r.durationMinutes ?? 60,
        decisionSeq: r.decisionSeq,
      },
      by,
    );
    await appendLedger(tx, {
      actor: by,
      action: "request.approved",
      target: `request:${r.id}`,
      details: { by: "approver", approverActorId: me.id, grantId: grant.grantId },
    });
    await tellAboutRequest(
      tx,
      "request.approved",
      { ...facts, status: "FULFILLED" },
      {
        title: `Request for ${r.entitlement.name} approved`,
        body: `Granted until ${grant.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
        recipients: [r.requesterId, r.subjectId],
      },
      { grantId: grant.grantId },
    );
    return {
      status: "FULFILLED",
      grantId: grant.grantId,
      message: `Approved. Access granted until ${grant.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`,
    };
  });
}
