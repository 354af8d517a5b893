import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import type { SessionUser } from "@/lib/auth/session";
import { stepUp } from "@/lib/auth/step-up";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { getActivePolicySet } from "@/lib/policy/active";
import { appendLedger } from "@/lib/ledger/append";
import { formatMinutes, maxDurationMinutes, STAGE_DEADLINE_MINUTES } from "./limits";
import { fulfilRequest } from "./fulfil";
import { routeRequest } from "./routing";
import { openStage } from "./stages";
import { assertNotHeld, personOf, requestableSubject } from "./subject";
import { tellAboutRequest } from "./tell";
import type { NewRequest } from "./schemas";

export type SubmitOutcome = {
  id: string;
  status: "FULFILLED" | "PENDING" | "DENIED";
  reason: string;
  autoApprovedBy: string | null;
  grantId: string | null;
};

/**
 * The first determining permit carrying `@name("value")`, when the decision was made under the
 * active set: @autoApprove("true") approves a request without a human (named on the request);
 * @approval("all") asks that the approver groups all decide (an "all of" stage).
 */
async function annotatedPolicy(
  policies: string[],
  versionHash: string,
  name: string,
  value: string,
): Promise<string | null> {
  const set = await getActivePolicySet();
  if (set.hash !== versionHash) return null;
  const pattern = new RegExp(`@${name}\\(\\s*"${value}"\\s*\\)`);
  return (
    policies.find((id) => set.meta[id]?.effect === "permit" && pattern.test(set.policies[id] ?? "")) ?? null
  );
}

async function loadEntitlement(id: string) {
  const e = await db.entitlement.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      privileged: true,
      securitySignOff: true,
      maxDurationMinutes: true,
      resource: { select: { id: true, name: true, ownerId: true } },
    },
  });
  if (!e) throw new NotFound("That entitlement no longer exists.");
  return e;
}

/**
 * Submits an access request: checks who it is for and how long, asks the PDP (action
 * `request`, ledgered like every decision), then in one transaction records the request with
 * the decision's sequence number and policy-set hash and either grants it (a policy approved it
 * by name), routes it to its approvers, or records the denial with the policy's reason.
 */
export async function submitRequest(user: SessionUser, input: NewRequest): Promise<SubmitOutcome> {
  const me = await personOf(db, user.actorId);
  if (me.kind !== "HUMAN") throw new Invalid("Only people request access in the console.");
  const subject = await requestableSubject(db, me.id, input.subjectId);
  const ent = await loadEntitlement(input.entitlementId);
  const max = maxDurationMinutes(ent);
  if (input.durationMinutes > max) {
    throw new Invalid(`${ent.name} can be requested for at most ${formatMinutes(max)}.`, {
      durationMinutes: [`At most ${formatMinutes(max)}.`],
    });
  }
  const until = new Date(Date.now() + input.durationMinutes * 60_000);
  // Checked before the PDP is asked (and again under lock below), so a plain mistake costs no decision.
  await db.$transaction((tx) => assertNotHeld(tx, subject.id, ent.id, ent.name, until));

  const mfaAt = input.stepUpCode ? await stepUp(user, input.stepUpCode) : user.mfaAt;
  const decision = await evaluateAndLog(
    { id: user.id, name: user.name, kind: "USER" },
    {
      subject: { type: "human", id: me.id },
      action: { name: "request" },
      resource: { type: "entitlement", id: ent.id },
      context: {
        task: input.justification.slice(0, 200),
        forActor: subject.id,
        durationMinutes: input.durationMinutes,
        ...(input.ticketRef ? { ticket: input.ticketRef } : {}),
      },
    },
    undefined,
    { console: { actorId: me.id, mfaAt } },
  );
  const allowed = decision.decision === "allow" && decision.seq !== null;
  const autoBy = allowed
    ? await annotatedPolicy(decision.policies, decision.versionHash, "autoApprove", "true")
    : null;
  const allOf =
    allowed && !autoBy && (await annotatedPolicy(decision.policies, decision.versionHash, "approval", "all"));
  const by = { id: user.id, kind: "USER" as const, name: user.name };

  return db.$transaction(async (tx) => {
    await assertNotHeld(tx, subject.id, ent.id, ent.name, until);
    const route =
      allowed && !autoBy
        ? await routeRequest(tx, {
            requesterId: me.id,
            subjectId: subject.id,
            privileged: ent.privileged,
            securitySignOff: ent.securitySignOff,
            allOf: !!allOf,
            resourceOwnerId: ent.resource.ownerId,
          })
        : [];
    const noRoute = allowed && !autoBy && route.length === 0;
    const status = !allowed || noRoute ? "DENIED" : "PENDING";
    const reason = noRoute
      ? "no eligible approver: nobody but the requester or the beneficiaries could approve it"
      : decision.reason;
    const now = new Date();
    const deadlineAt =
      status === "PENDING" && !autoBy
        ? new Date(now.getTime() + STAGE_DEADLINE_MINUTES * 60_000 * route.length * 2)
        : null;
    const request = await tx.accessRequest.create({
      data: {
        requesterId: me.id,
        subjectId: subject.id,
        entitlementId: ent.id,
        justification: input.justification,
        durationMinutes: input.durationMinutes,
        ticketRef: input.ticketRef ?? null,
        status,
        decision: decision.decision === "allow" ? "ALLOW" : "DENY",
        decisionSeq: decision.seq,
        policyVersionHash: decision.versionHash,
        decisionReason: reason,
        autoApprovedBy: autoBy,
        deadlineAt,
        decidedAt: status === "DENIED" ? now : null,
      },
      select: { id: true },
    });
    const facts = {
      id: request.id,
      requesterId: me.id,
      subjectId: subject.id,
      entitlementId: ent.id,
      entitlementName: ent.name,
      status,
    };
    await appendLedger(tx, {
      actor: by,
      action: "request.created",
      target: `request:${request.id}`,
      details: {
        subjectId: subject.id,
        entitlementId: ent.id,
        durationMinutes: input.durationMinutes,
        ticketRef: input.ticketRef ?? null,
        decisionSeq: decision.seq?.toString() ?? null,
        policyVersion: decision.versionHash,
        decision: decision.decision,
        reason,
      },
    });

    if (status === "DENIED") {
      await appendLedger(tx, {
        actor: by,
        action: "request.denied",
        target: `request:${request.id}`,
        details: { by: "policy", reason },
      });
      await tellAboutRequest(
        tx,
        "request.denied",
        facts,
        { title: `Request for ${ent.name} denied`, body: reason, recipients: [me.id] },
        { reason },
      );
      return { id: request.id, status, reason, autoApprovedBy: null, grantId: null };
    }
    if (autoBy) {
      const grant = await fulfilRequest(
        tx,
        {
          id: request.id,
          subjectId: subject.id,
          entitlementId: ent.id,
          durationMinutes: input.durationMinutes,
          decisionSeq: decision.seq,
        },
        by,
      );
      await appendLedger(tx, {
        actor: by,
        action: "request.approved",
        target: `request:${request.id}`,
        details: { by: "policy", policy: autoBy, grantId: grant.grantId },
      });
      await tellAboutRequest(
        tx,
        "request.approved",
        { ...facts, status: "FULFILLED" },
        {
          title: `Request for ${ent.name} approved`,
          body: `Approved by policy ${autoBy}.`,
          recipients: [me.id, subject.id],
        },
        { policy: autoBy },
      );
      return {
        id: request.id,
        status: "FULFILLED",
        reason: `approved by policy ${autoBy}`,
        autoApprovedBy: autoBy,
        grantId: grant.grantId,
      };
    }

    const stageIds: string[] = [];
    for (const [i, stage] of route.entries()) {
      const created = await tx.requestStage.create({
        data: {
          requestId: request.id,
          position: i + 1,
          mode: stage.mode,
          status: "WAITING",
          fallbackApproverId: stage.fallbackId,
          approvers: {
            create: stage.approvers.map((a) => ({ requestId: request.id, approverId: a.id, role: a.role })),
          },
        },
        select: { id: true },
      });
      stageIds.push(created.id);
    }
    await openStage(
      tx,
      facts,
      { id: stageIds[0], position: 1, of: route.length, approverIds: route[0].approvers.map((a) => a.id) },
      {
        title: `${me.displayName} asks for ${ent.name}`,
        body: `For ${subject.displayName}, ${formatMinutes(input.durationMinutes)}: ${input.justification.slice(0, 300)}`,
      },
      { now },
    );
    return {
      id: request.id,
      status: "PENDING",
      reason: `waiting for ${route.length === 1 ? "one approval" : `${route.length} approval stages`}`,
      autoApprovedBy: null,
      grantId: null,
    };
  });
}
