import type { Tx } from "@/lib/db";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { scoreRisk, type RiskInput } from "./score";

type Loaded = RiskInput & { id: string };

/** Loads everything the risk score needs for these actors (one query per profile kind). */
export async function loadRiskInputs(tx: Tx | typeof db, ids: string[]): Promise<Loaded[]> {
  if (!ids.length) return [];
  const actors = await tx.actor.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      kind: true,
      status: true,
      flaggedAt: true,
      human: { select: { mfaEnrolled: true, employmentStatus: true } },
      nhi: {
        select: {
          ownerId: true,
          claimStatus: true,
          rotationPeriodDays: true,
          lastRotatedAt: true,
          expiresAt: true,
          lastUsedAt: true,
          vendor: true,
          oauthScopes: true,
        },
      },
      agent: { select: { sponsorId: true, autonomyLevel: true, toolAllowList: true } },
    },
  });
  const priv = await tx.$queryRaw<{ actorId: string; n: bigint }[]>(Prisma.sql`
    SELECT g."actorId", count(*) AS n FROM "Grant" g JOIN "Entitlement" e ON e.id = g."entitlementId"
    WHERE g."actorId" = ANY(${ids}::uuid[]) AND g.status = 'ACTIVE' AND e.privileged GROUP BY g."actorId"`);
  const privBy = new Map(priv.map((p) => [p.actorId, Number(p.n)]));
  return actors.map((a) => ({ ...a, privilegedGrants: privBy.get(a.id) ?? 0 }));
}

/** Recomputes and stores riskScore for these actors, in chunks; returns how many changed. */
export async function recomputeRisk(tx: Tx | typeof db, ids: string[], now = new Date()): Promise<number> {
  let changed = 0;
  for (let i = 0; i < ids.length; i += 5000) {
    const inputs = await loadRiskInputs(tx, ids.slice(i, i + 5000));
    const scores = inputs.map((x) => scoreRisk(x, now).score);
    changed += await tx.$executeRaw(Prisma.sql`
      UPDATE "Actor" a SET "riskScore" = v.score
      FROM unnest(${inputs.map((x) => x.id)}::uuid[], ${scores}::int[]) AS v(id, score)
      WHERE a.id = v.id AND a."riskScore" IS DISTINCT FROM v.score`);
  }
  return changed;
}

/** Every actor's score (or one kind's), in id-ordered batches; returns how many were checked and changed. */
export async function recomputeAllRisk(
  kind?: "HUMAN" | "NHI" | "AGENT",
): Promise<{ checked: number; changed: number }> {
  let last: string | undefined;
  let checked = 0;
  let changed = 0;
  for (;;) {
    const batch = await db.actor.findMany({
      where: { ...(kind ? { kind } : {}), ...(last ? { id: { gt: last } } : {}) },
      orderBy: { id: "asc" },
      take: 5000,
      select: { id: true },
    });
    if (!batch.length) return { checked, changed };
    changed += await recomputeRisk(
      db,
      batch.map((b) => b.id),
    );
    checked += batch.length;
    last = batch[batch.length - 1].id;
  }
}
