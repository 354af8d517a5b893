import { db } from "@/lib/db";
import { loadRiskInputs } from "@/lib/risk/recompute";
import { scoreRisk } from "@/lib/risk/score";
import { isUuid } from "@/lib/ids";

// Everything the actor page shows: profile for its kind, owner/sponsor/manager, grants with source
// and expiry, credentials (fingerprints only), the risk with its reasons and the ledger timeline.
const person = { select: { id: true, displayName: true, kind: true } } as const;

/** null for an unknown or malformed id (the page answers 404). */
export async function getActorDetail(id: string) {
  if (!isUuid(id)) return null;
  const actor = await db.actor.findUnique({
    where: { id },
    select: {
      id: true,
      kind: true,
      displayName: true,
      externalId: true,
      sourceSystem: true,
      status: true,
      environment: true,
      tags: true,
      riskScore: true,
      flaggedReason: true,
      flaggedAt: true,
      createdAt: true,
      updatedAt: true,
      lastSeenAt: true,
      team: { select: { id: true, name: true } },
      human: {
        select: {
          email: true,
          department: true,
          title: true,
          mfaEnrolled: true,
          employmentStatus: true,
          lastCertifiedAt: true,
          manager: person,
        },
      },
      nhi: {
        select: {
          nhiType: true,
          platform: true,
          platformAccount: true,
          claimStatus: true,
          ownerSince: true,
          rotationPeriodDays: true,
          lastRotatedAt: true,
          rotationDueAt: true,
          expiresAt: true,
          lastUsedAt: true,
          vendor: true,
          oauthScopes: true,
          owner: person,
          pendingOwner: person,
          createdBy: person,
        },
      },
      agent: {
        select: {
          model: true,
          provider: true,
          runtime: true,
          toolAllowList: true,
          autonomyLevel: true,
          maxSessionTtlMinutes: true,
          onBehalfOf: true,
          lastActiveAt: true,
          sponsor: person,
          pendingSponsor: person,
        },
      },
      _count: { select: { ownedNhis: true, sponsoredAgents: true, reports: true } },
    },
  });
  if (!actor) return null;
  const [grants, credentials, timeline, riskInputs] = await Promise.all([
    db.grant.findMany({
      where: { actorId: id },
      orderBy: [{ status: "asc" }, { grantedAt: "desc" }],
      take: 200,
      select: {
        id: true,
        source: true,
        status: true,
        grantedAt: true,
        expiresAt: true,
        requestId: true,
        decisionSeq: true,
        lastCertifiedAt: true,
        entitlement: {
          select: {
            id: true,
            name: true,
            privileged: true,
            resource: { select: { id: true, name: true, kind: true } },
          },
        },
      },
    }),
    db.credential.findMany({
      where: { actorId: id },
      orderBy: { issuedAt: "desc" },
      take: 50,
      select: {
        id: true,
        kind: true,
        label: true,
        fingerprint: true,
        issuedAt: true,
        expiresAt: true,
        rotatedAt: true,
        revokedAt: true,
        lastUsedAt: true,
      },
    }),
    db.logEntry.findMany({
      where: { target: `actor:${id}` },
      orderBy: { seq: "desc" },
      take: 50,
      select: { seq: true, at: true, actorName: true, actorKind: true, action: true, details: true },
    }),
    loadRiskInputs(db, [id]),
  ]);
  const risk = scoreRisk(riskInputs[0]);
  const rotationOverdue = Boolean(actor.nhi?.rotationDueAt && actor.nhi.rotationDueAt.getTime() < Date.now());
  return {
    actor,
    grants,
    credentials,
    timeline: timeline.map((t) => ({ ...t, seq: t.seq.toString() })),
    risk,
    rotationOverdue,
  };
}
export type ActorDetail = NonNullable<Awaited<ReturnType<typeof getActorDetail>>>;
