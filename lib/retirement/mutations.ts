import { db, type Tx } from "@/lib/db";
import type { RetirementStep } from "@/lib/generated/prisma/enums";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { actorTarget, managedActorWhere, type Caller } from "@/lib/ownership/caller";
import { lockActor } from "@/lib/ownership/people";
import { RETIREMENT_STEPS, refusalFor } from "./steps";
import type { CompleteStepInput, StartRetirementInput } from "./schemas";

/** Opens the checklist: one Revocation per step (method RETIREMENT), requested now, not completed. */
export async function startRetirement(caller: Caller, input: StartRetirementInput): Promise<void> {
  await db.$transaction(async (tx) => {
    const subject = await findManaged(tx, caller, input.actorId);
    await lockActor(tx, subject.id);
    if (subject.status === "RETIRED") throw new Conflict(`${subject.displayName} is already retired.`);
    const open = await tx.revocation.count({
      where: { actorId: subject.id, method: "RETIREMENT", step: { not: null } },
    });
    if (open > 0) throw new Conflict(`Retirement of ${subject.displayName} has already started.`);
    const now = new Date();
    await tx.revocation.createMany({
      data: RETIREMENT_STEPS.map((step) => ({
        actorId: subject.id,
        method: "RETIREMENT" as const,
        step,
        reason: input.reason,
        requestedById: caller.actorId,
        requestedAt: now,
      })),
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "nhi.retirement_started",
      target: actorTarget(subject.id),
      details: { reason: input.reason },
    });
  });
}

/**
 * Completes one step, refusing any step out of order. The step's effect (disable, revoke,
 * remove, attest, archive) and its record commit together with the ledger entry.
 */
export async function completeRetirementStep(
  caller: Caller,
  input: CompleteStepInput,
): Promise<{ done: RetirementStep[]; retired: boolean }> {
  return db.$transaction(async (tx) => {
    const subject = await findManaged(tx, caller, input.actorId);
    await lockActor(tx, subject.id);
    const rows = await tx.revocation.findMany({
      where: { actorId: subject.id, method: "RETIREMENT", step: { not: null } },
      select: { id: true, step: true, completedAt: true, reason: true },
    });
    if (rows.length === 0) throw new Conflict(`Retirement of ${subject.displayName} has not started yet.`);
    const done = new Set(rows.filter((r) => r.completedAt).map((r) => r.step!));
    const refusal = refusalFor(input.step, done);
    if (refusal) throw new Conflict(refusal);
    const row = rows.find((r) => r.step === input.step)!;
    const now = new Date();
    const details: Record<string, string | number | null> = { step: input.step };

    if (input.step === "DISABLE") {
      await tx.actor.update({ where: { id: subject.id }, data: { status: "OFFBOARDING" } });
      details.apiClientsRevoked = (
        await tx.apiClient.updateMany({
          where: { actorId: subject.id, revokedAt: null },
          data: { revokedAt: now },
        })
      ).count;
      if (subject.kind === "AGENT")
        await tx.agentSession.updateMany({
          where: { agentId: subject.id, endedAt: null },
          data: { endedAt: now },
        });
    } else if (input.step === "REVOKE_CREDENTIALS") {
      const creds = await tx.credential.findMany({
        where: { actorId: subject.id, revokedAt: null },
        select: { id: true },
      });
      await tx.credential.updateMany({
        where: { id: { in: creds.map((c) => c.id) } },
        data: { revokedAt: now },
      });
      await tx.revocation.createMany({
        data: creds.map((c) => ({
          actorId: subject.id,
          credentialId: c.id,
          method: "RETIREMENT" as const,
          reason: row.reason,
          requestedById: caller.actorId,
          requestedAt: now,
          completedAt: now,
        })),
      });
      await tx.apiClient.updateMany({
        where: { actorId: subject.id, revokedAt: null },
        data: { revokedAt: now },
      });
      details.credentialsRevoked = creds.length;
    } else if (input.step === "REMOVE_GRANTS") {
      const grants = await tx.grant.findMany({
        where: { actorId: subject.id, status: "ACTIVE" },
        select: { id: true },
      });
      await tx.grant.updateMany({
        where: { id: { in: grants.map((g) => g.id) } },
        data: { status: "REVOKED" },
      });
      await tx.revocation.createMany({
        data: grants.map((g) => ({
          actorId: subject.id,
          grantId: g.id,
          method: "RETIREMENT" as const,
          reason: row.reason,
          requestedById: caller.actorId,
          requestedAt: now,
          completedAt: now,
        })),
      });
      details.grantsRemoved = grants.length;
    } else if (input.step === "CONFIRM_TARGET") {
      if (!input.evidence) throw new Invalid("Attest with evidence.", { evidence: ["Required."] });
      details.evidence = input.evidence;
    } else {
      await tx.actor.update({ where: { id: subject.id }, data: { status: "RETIRED" } });
      await enqueueWebhook(tx, "nhi.retired", { actorId: subject.id, name: subject.displayName });
    }
    const { count } = await tx.revocation.updateMany({
      where: { id: row.id, completedAt: null },
      data: { completedAt: now, requestedById: caller.actorId, evidence: input.evidence || null },
    });
    if (count !== 1) throw new Conflict("This step was just completed by someone else.");
    await appendLedger(tx, {
      actor: caller.ledger,
      action: input.step === "ARCHIVE" ? "nhi.retired" : "nhi.retirement_step_completed",
      target: actorTarget(subject.id),
      details,
    });
    done.add(input.step);
    return { done: RETIREMENT_STEPS.filter((s) => done.has(s)), retired: input.step === "ARCHIVE" };
  });
}

async function findManaged(tx: Tx, caller: Caller, actorId: string) {
  const subject = await tx.actor.findFirst({
    where: { id: actorId, kind: { in: ["NHI", "AGENT"] }, ...managedActorWhere(caller) },
    select: { id: true, kind: true, status: true, displayName: true },
  });
  if (!subject) throw new NotFound("That identity does not exist or you do not own it.");
  return subject;
}
