import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { requireStepUp } from "@/lib/auth/step-up";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { cancelJob, scheduleJob } from "@/lib/jobs/schedule";
import { notifyMany } from "@/lib/inbox/notify";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { endGrants } from "@/lib/grants/end";
import { fulfilRequest } from "./fulfil";
import {
  BREAK_GLASS_MAX_MINUTES,
  BREAK_GLASS_RATIFY_MINUTES,
  formatMinutes,
  maxDurationMinutes,
} from "./limits";
import { beneficiariesOf } from "./routing";
import { assertNotHeld, personOf } from "./subject";
import type { BreakGlass } from "./schemas";

export const breakGlassJobKey = (requestId: string) => `break-glass:${requestId}`;

/**
 * Break-glass: access now, for yourself, for at most a few hours, with a reason and a fresh
 * step-up. The policy decision is still asked and recorded, but does not hold the access up.
 * Another admin must ratify it before its ratification deadline, or a job revokes it then.
 */
export async function breakGlass(
  user: SessionUser,
  input: BreakGlass & { subjectId?: string },
): Promise<{ requestId: string; grantId: string; ratifyBy: Date }> {
  const me = await personOf(db, user.actorId);
  if (me.kind !== "HUMAN") throw new Forbidden("Break-glass is for people only.");
  if (input.subjectId && input.subjectId !== me.id) {
    const s = await db.actor.findUnique({ where: { id: input.subjectId }, select: { kind: true } });
    throw new Forbidden(
      s?.kind === "AGENT"
        ? "Break-glass is never available for agents."
        : "Break-glass is only for your own access.",
    );
  }
  if (input.durationMinutes > BREAK_GLASS_MAX_MINUTES) {
    throw new Invalid(`Break-glass lasts at most ${formatMinutes(BREAK_GLASS_MAX_MINUTES)}.`, {
      durationMinutes: [`At most ${formatMinutes(BREAK_GLASS_MAX_MINUTES)}.`],
    });
  }
  const ent = await db.entitlement.findUnique({
    where: { id: input.entitlementId },
    select: { id: true, name: true, privileged: true, maxDurationMinutes: true },
  });
  if (!ent) throw new Invalid("That entitlement no longer exists.");
  const cap = maxDurationMinutes(ent);
  if (input.durationMinutes > cap) {
    throw new Invalid(`${ent.name} can be held for at most ${formatMinutes(cap)}.`, {
      durationMinutes: [`At most ${formatMinutes(cap)}.`],
    });
  }
  const until = new Date(Date.now() + input.durationMinutes * 60_000);
  await db.$transaction((tx) => assertNotHeld(tx, me.id, ent.id, ent.name, until));
  const mfaAt = await requireStepUp(user, input.stepUpCode);
  const decision = await evaluateAndLog(
    { id: user.id, name: user.name, kind: "USER" },
    {
      subject: { type: "human", id: me.id },
      action: { name: "request" },
      resource: { type: "entitlement", id: ent.id },
      context: { task: `break-glass: ${input.justification.slice(0, 180)}` },
    },
    undefined,
    { console: { actorId: me.id, mfaAt } },
  );
  const by = { id: user.id, kind: "USER" as const, name: user.name };
  return db.$transaction(async (tx) => {
    await assertNotHeld(tx, me.id, ent.id, ent.name, until);
    const now = new Date();
    const ratifyBy = new Date(Math.min(now.getTime() + BREAK_GLASS_RATIFY_MINUTES * 60_000, until.getTime()));
    const request = await tx.accessRequest.create({
      data: {
        requesterId: me.id,
        subjectId: me.id,
        entitlementId: ent.id,
        justification: input.justification,
        durationMinutes: input.durationMinutes,
        ticketRef: input.ticketRef ?? null,
        breakGlass: true,
        ratifyBy,
        decision: decision.decision === "allow" ? "ALLOW" : "DENY",
        decisionSeq: decision.seq,
        policyVersionHash: decision.versionHash,
        decisionReason: `break-glass (policy said ${decision.decision}: ${decision.reason})`,
      },
      select: { id: true },
    });
    const grant = await fulfilRequest(
      tx,
      {
        id: request.id,
        subjectId: me.id,
        entitlementId: ent.id,
        durationMinutes: input.durationMinutes,
        decisionSeq: decision.seq,
      },
      by,
      "JIT",
    );
    await scheduleJob(
      tx,
      "breakglass.deadline",
      { requestId: request.id },
      { runAt: ratifyBy, jobKey: breakGlassJobKey(request.id) },
    );
    await appendLedger(tx, {
      actor: by,
      action: "request.break_glass",
      target: `request:${request.id}`,
      details: {
        grantId: grant.grantId,
        entitlementId: ent.id,
        durationMinutes: input.durationMinutes,
        ratifyBy: ratifyBy.toISOString(),
        stepUpAt: mfaAt.toISOString(),
        reason: input.justification,
      },
    });
    const admins = await tx.user.findMany({
      where: { roles: { has: "ADMIN" }, disabledAt: null, actorId: { not: null }, NOT: { actorId: me.id } },
      select: { actorId: true },
      take: 50,
    });
    await notifyMany(
      tx,
      admins.map((a) => ({
        recipientId: a.actorId!,
        kind: "request.break_glass",
        title: `Break-glass by ${me.displayName}: ratify or it is revoked`,
        body: `${ent.name} for ${formatMinutes(input.durationMinutes)}: ${input.justification.slice(0, 300)}`,
        link: `/requests/${request.id}`,
      })),
    );
    await enqueueWebhook(tx, "request.approved", {
      requestId: request.id,
      breakGlass: true,
      requesterId: me.id,
      subjectId: me.id,
      entitlementId: ent.id,
      grantId: grant.grantId,
      ratifyBy: ratifyBy.toISOString(),
    });
    return { requestId: request.id, grantId: grant.grantId, ratifyBy };
  });
}

/** Another admin confirms a break-glass: never the person who broke the glass, with a step-up. */
export async function ratifyBreakGlass(
  user: SessionUser,
  input: { requestId: string; stepUpCode?: string },
): Promise<void> {
  const me = await personOf(db, user.actorId);
  if (me.kind !== "HUMAN") throw new Forbidden("Only people ratify break-glass access.");
  const stepUpAt = await requireStepUp(user, input.stepUpCode);
  await db.$transaction(async (tx) => {
    const r = await tx.accessRequest.findFirst({
      where: { id: input.requestId, breakGlass: true },
      select: { id: true, requesterId: true, subjectId: true, ratifiedAt: true },
    });
    if (!r) throw new Invalid("That is not a break-glass request.");
    if (r.requesterId === me.id || (await beneficiariesOf(tx, r.subjectId)).has(me.id))
      throw new Forbidden("Another admin must ratify your break-glass access.");
    const { count } = await tx.accessRequest.updateMany({
      where: {
        id: r.id,
        ratifiedAt: null,
        ratifyBy: { gt: new Date() },
        grants: { some: { status: "ACTIVE" } },
      },
      data: { ratifiedAt: new Date(), ratifiedById: me.id },
    });
    if (count !== 1)
      throw new Conflict(
        r.ratifiedAt
          ? "This break-glass access is already ratified."
          : "Too late: the access has already ended (unratified at its deadline, expired or revoked).",
      );
    await cancelJob(tx, breakGlassJobKey(r.id));
    await appendLedger(tx, {
      actor: { id: user.id, kind: "USER", name: user.name },
      action: "request.break_glass_ratified",
      target: `request:${r.id}`,
      details: { ratifiedByActorId: me.id, stepUpAt: stepUpAt.toISOString() },
    });
  });
}

/** Job "breakglass.deadline": an unratified break-glass grant is revoked at its deadline. */
export async function breakGlassDeadlineJob(payload: unknown, now = new Date()): Promise<number> {
  const requestId =
    typeof payload === "object" && payload ? (payload as { requestId?: unknown }).requestId : undefined;
  if (typeof requestId !== "string" || !isUuid(requestId)) return 0;
  return db.$transaction(async (tx) => {
    const r = await tx.accessRequest.findFirst({
      where: { id: requestId, breakGlass: true, ratifiedAt: null, ratifyBy: { lte: now } },
      select: { id: true, requesterId: true, grants: { where: { status: "ACTIVE" }, select: { id: true } } },
    });
    if (!r) return 0;
    const ended = await endGrants(tx, {
      grantIds: r.grants.map((g) => g.id),
      method: "INCIDENT",
      reason: "break-glass access was not ratified by another admin before its deadline",
      by: SYSTEM_ACTOR,
      details: { requestId: r.id, breakGlass: true },
    });
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "request.break_glass_lapsed",
      target: `request:${r.id}`,
      details: { revoked: ended.length },
    });
    for (const g of ended)
      await enqueueWebhook(tx, "grant.revoked", {
        grantId: g.id,
        actorId: g.actorId,
        entitlementId: g.entitlementId,
        method: "INCIDENT",
        reason: "break-glass not ratified",
      });
    await notifyMany(tx, [
      {
        recipientId: r.requesterId,
        kind: "grant.revoked",
        title: "Break-glass access revoked",
        body: "No other admin ratified it before its deadline.",
        link: `/requests/${r.id}`,
      },
    ]);
    return ended.length;
  });
}
