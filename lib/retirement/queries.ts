import { db } from "@/lib/db";
import { RETIREMENT_STEPS, nextStep } from "./steps";
import type { RetirementStep } from "@/lib/generated/prisma/enums";
import { isUuid } from "@/lib/ids";

/** One identity's lifecycle facts: owner and since when, co-owners, rotation, retirement steps; null for an unknown or malformed id. */
export async function getLifecycle(actorId: string) {
  if (!isUuid(actorId)) return null;
  const actor = await db.actor.findUnique({
    where: { id: actorId },
    select: {
      id: true,
      kind: true,
      displayName: true,
      status: true,
      externalId: true,
      sourceSystem: true,
      environment: true,
      riskScore: true,
      createdAt: true,
      flaggedReason: true,
      team: { select: { name: true } },
      nhi: {
        select: {
          nhiType: true,
          platform: true,
          platformAccount: true,
          claimStatus: true,
          ownerSince: true,
          lastRotatedAt: true,
          rotationDueAt: true,
          expiresAt: true,
          lastUsedAt: true,
          owner: { select: { id: true, displayName: true } },
          pendingOwner: { select: { id: true, displayName: true } },
          createdBy: { select: { displayName: true } },
        },
      },
      agent: {
        select: {
          provider: true,
          model: true,
          sponsor: { select: { id: true, displayName: true } },
          pendingSponsor: { select: { id: true, displayName: true } },
        },
      },
      coOwners: { select: { addedAt: true, owner: { select: { id: true, displayName: true } } } },
    },
  });
  if (!actor || actor.kind === "HUMAN") return null;
  const [lastRotatedBy, stepRows, sideRevocations] = await Promise.all([
    actor.nhi
      ? db.nhiProfile
          .findUnique({ where: { actorId }, select: { lastRotatedById: true } })
          .then((r) =>
            r?.lastRotatedById
              ? db.actor.findUnique({ where: { id: r.lastRotatedById }, select: { displayName: true } })
              : null,
          )
      : null,
    db.revocation.findMany({
      where: { actorId, method: "RETIREMENT", step: { not: null } },
      select: {
        id: true,
        step: true,
        reason: true,
        evidence: true,
        requestedAt: true,
        completedAt: true,
        requestedBy: { select: { displayName: true } },
      },
    }),
    db.revocation.count({ where: { actorId, method: "RETIREMENT", step: null } }),
  ]);
  const byStep = new Map(stepRows.map((r) => [r.step!, r]));
  const done = new Set(stepRows.filter((r) => r.completedAt).map((r) => r.step!) as RetirementStep[]);
  return {
    actor,
    lastRotatedBy: lastRotatedBy?.displayName ?? null,
    retirement: stepRows.length
      ? {
          started: true as const,
          steps: RETIREMENT_STEPS.map((s) => ({ step: s, row: byStep.get(s) ?? null })),
          next: nextStep(done),
          itemRevocations: sideRevocations,
        }
      : { started: false as const, steps: [], next: null, itemRevocations: 0 },
  };
}
