import { db } from "@/lib/db";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { appendLedger } from "@/lib/ledger/append";
import { cancelJob } from "@/lib/jobs/schedule";
import { requestDeadlineJobKey } from "./fulfil";
import { personOf } from "./subject";
import { tellAboutRequest } from "./tell";
import type { CancelRequest } from "./schemas";

/**
 * The requester withdraws a pending request: it becomes CANCELLED, its undecided stages end,
 * nobody has it in their inbox any more, its deadline job is dropped, and the approvers who had
 * it open are told (inbox and webhook). The requester and the status are in the `where` of the
 * write under a row lock, so a request being approved at the same moment gets exactly one of
 * the two outcomes, and a decided one is refused with what happened to it.
 */
export async function cancelRequest(user: SessionUser, input: CancelRequest): Promise<void> {
  const me = await personOf(db, user.actorId);
  const by = { id: user.id, kind: "USER" as const, name: user.name };
  await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ requesterId: string; status: string }>>`
      SELECT "requesterId"::text AS "requesterId", status::text AS status
      FROM "AccessRequest" WHERE id = ${input.requestId}::uuid FOR UPDATE`;
    if (!row) throw new NotFound("That request does not exist.");
    if (row.requesterId !== me.id) throw new Forbidden("Only the person who made a request can cancel it.");
    if (row.status !== "PENDING")
      throw new Conflict(
        `This request is already ${row.status.toLowerCase()}: only a pending request can be cancelled.`,
      );
    const now = new Date();
    const r = await tx.accessRequest.update({
      where: { id: input.requestId, requesterId: me.id, status: "PENDING" },
      data: { status: "CANCELLED", decidedAt: now },
      select: {
        id: true,
        requesterId: true,
        subjectId: true,
        entitlementId: true,
        entitlement: { select: { name: true } },
      },
    });
    const waiting = await tx.requestApprover.findMany({
      where: { requestId: r.id, open: true },
      select: { approverId: true },
    });
    await tx.requestApprover.updateMany({ where: { requestId: r.id }, data: { open: false } });
    await tx.requestStage.updateMany({
      where: { requestId: r.id, status: { in: ["OPEN", "WAITING"] } },
      data: { status: "CANCELLED", decidedAt: now },
    });
    await cancelJob(tx, requestDeadlineJobKey(r.id));
    await appendLedger(tx, {
      actor: by,
      action: "request.cancelled",
      target: `request:${r.id}`,
      details: { by: "requester", requesterActorId: me.id, reason: input.reason ?? null },
    });
    await tellAboutRequest(
      tx,
      "request.cancelled",
      {
        id: r.id,
        requesterId: r.requesterId,
        subjectId: r.subjectId,
        entitlementId: r.entitlementId,
        entitlementName: r.entitlement.name,
        status: "CANCELLED",
      },
      {
        title: `Request for ${r.entitlement.name} withdrawn`,
        body: `${me.displayName} cancelled it${input.reason ? `: ${input.reason}` : "."} Nothing is left for you to decide.`,
        recipients: waiting.map((w) => w.approverId),
      },
      { reason: input.reason ?? null },
    );
  });
}
