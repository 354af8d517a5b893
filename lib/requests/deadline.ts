import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { scheduleJob } from "@/lib/jobs/schedule";
import { notify } from "@/lib/inbox/notify";
import { requestDeadlineJobKey } from "./fulfil";
import { STAGE_DEADLINE_MINUTES } from "./limits";
import { tellAboutRequest } from "./tell";

const idOf = (payload: unknown) => {
  const v =
    typeof payload === "object" && payload ? (payload as { requestId?: unknown }).requestId : undefined;
  return typeof v === "string" && isUuid(v) ? v : null;
};

/**
 * Job "requests.deadline": the open stage's deadline passed. The first time, the stage's
 * fallback approver is added (escalation) and the stage gets one more period; after that, or
 * when the request's overall deadline passed, the request EXPIRES and everyone is told.
 * Re-reads the rows and does nothing when the request was decided meanwhile.
 */
export async function requestDeadlineJob(
  payload: unknown,
  now = new Date(),
): Promise<"expired" | "escalated" | "nothing"> {
  const requestId = idOf(payload);
  if (!requestId) return "nothing";
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<
      Array<{ id: string }>
    >`SELECT id::text FROM "AccessRequest" WHERE id = ${requestId}::uuid AND status = 'PENDING' FOR UPDATE`;
    if (!row) return "nothing";
    const r = await tx.accessRequest.findUniqueOrThrow({
      where: { id: requestId },
      select: {
        id: true,
        requesterId: true,
        subjectId: true,
        entitlementId: true,
        deadlineAt: true,
        entitlement: { select: { name: true } },
        stages: {
          where: { status: "OPEN" },
          select: {
            id: true,
            position: true,
            deadlineAt: true,
            escalatedAt: true,
            fallbackApproverId: true,
            approvers: { select: { approverId: true } },
          },
        },
      },
    });
    const stage = r.stages[0];
    const overall = r.deadlineAt && r.deadlineAt <= now;
    if (!overall && stage?.deadlineAt && stage.deadlineAt > now) {
      await scheduleJob(
        tx,
        "requests.deadline",
        { requestId },
        { runAt: stage.deadlineAt, jobKey: requestDeadlineJobKey(requestId) },
      );
      return "nothing";
    }
    const facts = {
      id: r.id,
      requesterId: r.requesterId,
      subjectId: r.subjectId,
      entitlementId: r.entitlementId,
      entitlementName: r.entitlement.name,
      status: "PENDING",
    };
    const fallback = stage?.fallbackApproverId;
    if (
      !overall &&
      stage &&
      !stage.escalatedAt &&
      fallback &&
      !stage.approvers.some((a) => a.approverId === fallback)
    ) {
      const deadline = new Date(now.getTime() + STAGE_DEADLINE_MINUTES * 60_000);
      await tx.requestStage.update({
        where: { id: stage.id },
        data: { escalatedAt: now, deadlineAt: deadline },
      });
      await tx.requestApprover.create({
        data: { stageId: stage.id, requestId, approverId: fallback, role: "FALLBACK", open: true },
      });
      await scheduleJob(
        tx,
        "requests.deadline",
        { requestId },
        { runAt: deadline, jobKey: requestDeadlineJobKey(requestId) },
      );
      await appendLedger(tx, {
        actor: SYSTEM_ACTOR,
        action: "request.escalated",
        target: `request:${requestId}`,
        details: { stage: stage.position, fallbackApproverId: fallback },
      });
      await notify(tx, fallback, {
        kind: "request.escalated",
        title: `Escalated to you: ${r.entitlement.name}`,
        body: `Stage ${stage.position} was not decided in time; you are its fallback approver.`,
        link: `/requests/${requestId}`,
      });
      return "escalated";
    }
    await tx.accessRequest.update({ where: { id: requestId }, data: { status: "EXPIRED", decidedAt: now } });
    await tx.requestStage.updateMany({
      where: { requestId, status: { in: ["OPEN", "WAITING"] } },
      data: { status: "EXPIRED", decidedAt: now },
    });
    await tx.requestApprover.updateMany({ where: { requestId }, data: { open: false } });
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "request.expired",
      target: `request:${requestId}`,
      details: { stage: stage?.position ?? null },
    });
    await tellAboutRequest(
      tx,
      "request.expired",
      { ...facts, status: "EXPIRED" },
      {
        title: `Request for ${r.entitlement.name} expired`,
        body: "Nobody decided it before its deadline. Ask again if you still need it.",
        recipients: [r.requesterId, ...(stage?.approvers.map((a) => a.approverId) ?? [])],
      },
    );
    return "expired";
  });
}
