import type { Tx } from "@/lib/db";
import type { LedgerActor } from "@/lib/ledger/append";
import { stageOutcome, voteOf, type Vote } from "./outcome";
import { remediate, type Denied } from "./remediate";
import type { ReducePolicy } from "./reduce";
import { settingsByCampaign } from "./generate";
import type { CampaignSettings } from "./schemas";

// After decisions: each touched subject's stage outcome under its rule; accepted subjects move
// to the next stage or are certified, denied ones are remediated in the same transaction.

type Group = {
  campaignId: string;
  stage: number;
  actorId: string;
  grantId: string | null;
  entitlementId: string | null;
  kind: string;
  decisions: Array<string | null>;
  strategyReviewer: string | null;
  lastItemId: string;
  lastDecision: string | null;
};

type AdvanceContext = {
  by: LedgerActor;
  requestedById: string | null;
  reason: string;
  replacementEntitlementId: string | null;
  now: Date;
  /** REDUCE: the policy decision per subject that allowed its replacement (lib/campaigns/reduce.ts). */
  policies?: Map<string, ReducePolicy>;
};

async function groupsOf(tx: Tx, itemIds: string[]): Promise<Group[]> {
  return tx.$queryRaw<Group[]>`
    WITH t AS (SELECT DISTINCT ON ("campaignId", coalesce("grantId", "actorId"), stage) id, "campaignId", "grantId", "actorId", "entitlementId", stage, decision
               FROM "ReviewItem" WHERE id = ANY(${itemIds}::uuid[]) ORDER BY "campaignId", coalesce("grantId", "actorId"), stage, "decidedAt" DESC)
    SELECT t."campaignId"::text AS "campaignId", t.stage, t."actorId"::text AS "actorId", t."grantId"::text AS "grantId",
      t."entitlementId"::text AS "entitlementId", a.kind::text AS kind, t.id::text AS "lastItemId", t.decision::text AS "lastDecision",
      (SELECT array_agg(o.decision::text) FROM "ReviewItem" o
        WHERE o."campaignId" = t."campaignId" AND o.stage = t.stage
          AND ((t."grantId" IS NOT NULL AND o."grantId" = t."grantId") OR (t."grantId" IS NULL AND o."grantId" IS NULL AND o."actorId" = t."actorId"))) AS decisions,
      (SELECT o."reviewerId"::text FROM "ReviewItem" o WHERE o."campaignId" = t."campaignId" AND o.stage = 1 AND o."assignedBy" IN ('STRATEGY', 'SELF_REVIEW_REROUTED', 'NO_REVIEWER')
          AND ((t."grantId" IS NOT NULL AND o."grantId" = t."grantId") OR (t."grantId" IS NULL AND o."grantId" IS NULL AND o."actorId" = t."actorId")) LIMIT 1) AS "strategyReviewer"
    FROM t JOIN "Actor" a ON a.id = t."actorId"`;
}

function reviewersFor(s: CampaignSettings, stageIndex: number, g: Group): string[] {
  const stage = s.stages[stageIndex];
  const pick: Array<string | null> =
    stage.reviewers === "STRATEGY"
      ? [g.strategyReviewer]
      : stage.reviewers === "ADDITIONAL"
        ? [s.additionalReviewerId]
        : stage.reviewers === "FALLBACK"
          ? [s.fallbackReviewerId]
          : [g.strategyReviewer, s.additionalReviewerId];
  const ok = [...new Set(pick.filter((id): id is string => Boolean(id) && id !== g.actorId))];
  if (ok.length || stage.onNoReviewer === "SKIP") return ok;
  return s.fallbackReviewerId !== g.actorId ? [s.fallbackReviewerId] : [];
}

export async function advanceGroups(tx: Tx, itemIds: string[], ctx: AdvanceContext): Promise<void> {
  const groups = await groupsOf(tx, itemIds);
  const certified: Group[] = [];
  const denied = new Map<string, Denied[]>();
  const nextItems: Array<{
    campaignId: string;
    actorId: string;
    grantId: string | null;
    entitlementId: string | null;
    reviewerId: string;
    stage: number;
    assignedBy: string;
    priority: number;
    createdAt: Date;
  }> = [];

  const parsed = await settingsByCampaign(
    tx,
    groups.map((g) => g.campaignId),
  );
  for (const g of groups) {
    const s = parsed.get(g.campaignId)!;
    const votes = g.decisions.map(voteOf).filter((v): v is Vote => v !== null);
    const outcome = stageOutcome(s.stages[g.stage - 1]?.rule ?? "ONE_ACCEPT", votes);
    if (outcome === "DENIED") {
      const list = denied.get(g.campaignId) ?? [];
      const decision = g.lastDecision === "REDUCE" ? "REDUCE" : "REVOKE";
      list.push({
        itemId: g.lastItemId,
        grantId: g.grantId,
        actorId: g.actorId,
        decision,
        replacementEntitlementId: ctx.replacementEntitlementId,
      });
      denied.set(g.campaignId, list);
    } else if (outcome === "ACCEPTED") {
      // Next stage with a reviewer; stages that find nobody and say SKIP count as accepted.
      let placed = false;
      for (let i = g.stage; i < s.stages.length && !placed; i++) {
        const reviewers = reviewersFor(s, i, g);
        for (const reviewerId of reviewers)
          nextItems.push({
            campaignId: g.campaignId,
            actorId: g.actorId,
            grantId: g.grantId,
            entitlementId: g.entitlementId,
            reviewerId,
            stage: i + 1,
            assignedBy: i === 0 ? "STRATEGY" : "STAGE",
            priority: 150,
            createdAt: ctx.now,
          });
        placed = reviewers.length > 0;
      }
      if (!placed) certified.push(g);
    }
  }

  if (nextItems.length) await tx.reviewItem.createMany({ data: nextItems });
  await certify(tx, certified, ctx.now);
  for (const [campaignId, list] of denied)
    await remediate(tx, list, {
      campaignId,
      reason: ctx.reason,
      by: ctx.by,
      requestedById: ctx.requestedById,
      now: ctx.now,
      policies: ctx.policies,
    });
}

/** Final acceptance: the grant is certified; an NHI or agent is attested. */
async function certify(tx: Tx, groups: Group[], now: Date) {
  const grants = groups.flatMap((g) => (g.grantId ? [g.grantId] : []));
  if (grants.length)
    await tx.$executeRaw`UPDATE "Grant" SET "lastCertifiedAt" = ${now} WHERE id = ANY(${grants}::uuid[])`;
  const nhis = groups.filter((g) => g.kind === "NHI").map((g) => g.actorId);
  if (nhis.length)
    await tx.$executeRaw`UPDATE "NhiProfile" SET "lastAttestedAt" = ${now} WHERE "actorId" = ANY(${nhis}::uuid[])`;
  const agents = groups.filter((g) => g.kind === "AGENT").map((g) => g.actorId);
  if (agents.length)
    await tx.$executeRaw`UPDATE "AgentProfile" SET "lastAttestedAt" = ${now} WHERE "actorId" = ANY(${agents}::uuid[])`;
  const humans = groups.filter((g) => g.kind === "HUMAN").map((g) => g.actorId);
  if (humans.length)
    await tx.$executeRaw`UPDATE "HumanProfile" SET "lastCertifiedAt" = ${now} WHERE "actorId" = ANY(${humans}::uuid[])`;
}
