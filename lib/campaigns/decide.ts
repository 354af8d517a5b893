import { db, type Tx } from "@/lib/db";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { notifyMany } from "@/lib/inbox/notify";
import { reviewerOf, type Caller } from "./caller";
import { settingsByCampaign } from "./generate";
import { advanceGroups } from "./advance";
import { reducePolicies } from "./reduce";
import type { CampaignSettings, DecideInput } from "./schemas";

type Locked = {
  id: string;
  campaignId: string;
  campaignName: string;
  status: string;
  actorId: string;
  grantId: string | null;
  entitlementId: string | null;
  reviewerId: string | null;
  decision: string | null;
  stage: number;
  createdAt: Date;
  privileged: boolean;
};

const MAX_LATENCY = 2_147_483_647;

/**
 * A reviewer decides items of their own queue. Rows are locked and every condition (mine, still
 * undecided, campaign still active) is in the write's where, so a decision is made once and
 * never changed; two people deciding the same item at once get one decision and one conflict.
 */
export async function decideItems(caller: Caller, input: DecideInput, now = new Date()) {
  const me = reviewerOf(caller);
  const ids = [...new Set(input.itemIds)];
  const policies =
    input.decision === "REDUCE" && input.replacementEntitlementId
      ? await reducePolicies(caller.ledger, me, ids, input.replacementEntitlementId, input.reason)
      : undefined;
  return db.$transaction(
    async (tx) => {
      // One decider per subject at a time: sibling items (other reviewers, escalated or
      // delegated copies) are counted together by the outcome rule, so two concurrent deciders
      // must not each see the other's vote as pending. Taken in key order: no deadlocks.
      await tx.$executeRaw`
        SELECT pg_advisory_xact_lock(k) FROM (
          SELECT DISTINCT hashtextextended('review:' || ri."campaignId"::text || ':' || coalesce(ri."grantId", ri."actorId")::text, 0) AS k
          FROM "ReviewItem" ri WHERE ri.id = ANY(${ids}::uuid[]) ORDER BY k) s`;
      const rows = await tx.$queryRaw<Locked[]>`
        SELECT ri.id::text, ri."campaignId"::text AS "campaignId", c.name AS "campaignName", CASE WHEN c."closedAt" IS NULL THEN c.status::text ELSE 'CLOSED' END AS status, ri."actorId"::text AS "actorId",
          ri."grantId"::text AS "grantId", ri."entitlementId"::text AS "entitlementId", ri."reviewerId"::text AS "reviewerId",
          ri.decision::text AS decision, ri.stage, ri."createdAt", coalesce(e.privileged, false) AS privileged
        FROM "ReviewItem" ri JOIN "Campaign" c ON c.id = ri."campaignId" LEFT JOIN "Entitlement" e ON e.id = ri."entitlementId"
        WHERE ri.id = ANY(${ids}::uuid[]) ORDER BY ri.id FOR UPDATE OF ri`;
      const notMine = rows.filter((r) => r.reviewerId !== me).length + (ids.length - rows.length);
      if (notMine)
        throw new Forbidden(
          ids.length === 1
            ? "That item is not yours to review."
            : `${notMine} of the selected items are not yours to review.`,
        );
      if (rows.some((r) => r.status !== "ACTIVE"))
        throw new Conflict("This campaign is closed; its items can no longer be decided.");
      const decided = rows.filter((r) => r.decision !== null);
      if (decided.length)
        throw new Conflict(
          decided.length === 1 && ids.length === 1
            ? "This item was already decided; a submitted decision cannot be changed."
            : `${decided.length} of the selected items were already decided; a submitted decision cannot be changed.`,
        );
      if (rows.some((r) => r.actorId === me)) throw new Forbidden("You cannot review your own access.");
      const settings = await settingsByCampaign(
        tx,
        rows.map((r) => r.campaignId),
      );
      if (
        ids.length > 1 &&
        rows.some((r) => r.privileged && settings.get(r.campaignId)?.noBulkPrivileged !== false)
      )
        throw new Invalid("Privileged items in this campaign must be decided one at a time.");
      if (input.decision === "REDUCE" && rows.some((r) => !r.grantId))
        throw new Invalid("Only a grant can be reduced.");

      const started = input.shownAt ? new Date(input.shownAt) : null;
      const latency = (r: Locked) => {
        const from = started && started > r.createdAt && started <= now ? started : r.createdAt;
        return Math.min(MAX_LATENCY, Math.max(0, now.getTime() - from.getTime()));
      };
      const note = input.decision === "ESCALATE" ? input.reason : null;
      const updated = await tx.$executeRaw`
        UPDATE "ReviewItem" ri SET decision = ${input.decision}::"ReviewDecision", reason = ${input.reason}, note = ${note},
          "decidedAt" = ${now}, "decidedById" = ${me}::uuid, "batchSize" = ${ids.length},
          "latencyMs" = v.latency
        FROM unnest(${rows.map((r) => r.id)}::uuid[], ${rows.map(latency)}::int[]) AS v(id, latency)
        WHERE ri.id = v.id AND ri."reviewerId" = ${me}::uuid AND ri.decision IS NULL
          AND EXISTS (SELECT 1 FROM "Campaign" c WHERE c.id = ri."campaignId" AND c.status = 'ACTIVE' AND c."closedAt" IS NULL)`;
      if (updated !== rows.length)
        throw new Conflict("Some items changed while you were deciding. Reload and try again.");

      await appendLedger(
        tx,
        rows.map((r) => ({
          actor: caller.ledger,
          action: "review.decided",
          target: r.grantId ? `grant:${r.grantId}` : `actor:${r.actorId}`,
          details: {
            campaignId: r.campaignId,
            itemId: r.id,
            decision: input.decision,
            reason: input.reason,
            latencyMs: latency(r),
            batchSize: ids.length,
            stage: r.stage,
          },
        })),
      );

      if (input.decision === "ESCALATE" || input.decision === "DELEGATE")
        await handOn(tx, rows, input, me, now, settings);
      else
        await advanceGroups(
          tx,
          rows.map((r) => r.id),
          {
            by: caller.ledger,
            requestedById: me,
            reason: input.reason,
            replacementEntitlementId: input.replacementEntitlementId ?? null,
            now,
            policies,
          },
        );
      return { decided: rows.length };
    },
    { timeout: 60_000 },
  );
}

type Conflicts = { id: string; accountable: string[]; siblings: string[] };

/**
 * Per item, the people who must not receive it: whoever answers for the subject (an NHI's
 * owners, an agent's sponsor; unless this campaign asks exactly them), and whoever already holds
 * a vote on the same subject at this stage (they would decide it twice, e.g. "all must accept"
 * alone).
 */
async function conflictsOf(tx: Tx, rows: Locked[]): Promise<Map<string, Conflicts>> {
  const found = await tx.$queryRaw<Conflicts[]>`
    SELECT ri.id::text,
      array_remove(ARRAY[
        CASE WHEN c."reviewerStrategy" <> 'NHI_OWNER' THEN np."ownerId" END,
        CASE WHEN c."reviewerStrategy" <> 'SPONSOR' THEN ap."sponsorId" END
      ] || coalesce((SELECT array_agg(co."ownerId") FROM "NhiCoOwner" co WHERE co."actorId" = ri."actorId" AND c."reviewerStrategy" <> 'NHI_OWNER'), '{}'), NULL)::text[] AS accountable,
      coalesce((SELECT array_agg(DISTINCT o."reviewerId")::text[] FROM "ReviewItem" o
        WHERE o."campaignId" = ri."campaignId" AND o.stage = ri.stage AND o.id <> ri.id AND o."reviewerId" IS NOT NULL
          AND (o.decision IS NULL OR o.decision NOT IN ('ESCALATE', 'DELEGATE'))
          AND ((ri."grantId" IS NOT NULL AND o."grantId" = ri."grantId") OR (ri."grantId" IS NULL AND o."grantId" IS NULL AND o."actorId" = ri."actorId"))), '{}') AS siblings
    FROM "ReviewItem" ri JOIN "Campaign" c ON c.id = ri."campaignId"
      LEFT JOIN "NhiProfile" np ON np."actorId" = ri."actorId" LEFT JOIN "AgentProfile" ap ON ap."actorId" = ri."actorId"
    WHERE ri.id = ANY(${rows.map((r) => r.id)}::uuid[])`;
  return new Map(found.map((f) => [f.id, f]));
}

/** Why `to` may not take this item over, or null when they may. */
function refusal(to: string, r: Locked, me: string, c: Conflicts | undefined): string | null {
  if (to === me) return "You cannot hand an item to yourself.";
  if (to === r.actorId) return "That person's own access is under review; choose someone else.";
  if (c?.accountable.includes(to))
    return "That person owns or sponsors the identity under review, so they would review their own access; choose someone else.";
  if (c?.siblings.includes(to))
    return "That person already reviews this access at this stage; one person cannot decide it twice. Choose someone else.";
  return null;
}

/**
 * ESCALATE goes to the campaign's fallback reviewer (else its additional reviewer), DELEGATE to
 * the named person: a new item each. Nobody receives an item they may not review.
 */
async function handOn(
  tx: Tx,
  rows: Locked[],
  input: DecideInput,
  me: string,
  now: Date,
  settings: Map<string, CampaignSettings>,
) {
  const target = input.decision === "DELEGATE" ? input.delegateToId! : null;
  if (target) {
    const person = await tx.actor.findFirst({
      where: { id: target, kind: "HUMAN", status: "ACTIVE" },
      select: { id: true },
    });
    if (!person) throw new Invalid("Delegate to an active person in the inventory.");
  }
  const conflicts = await conflictsOf(tx, rows);
  const fresh = rows.map((r) => {
    const c = conflicts.get(r.id);
    let to: string;
    if (target) {
      const why = refusal(target, r, me, c);
      if (why) throw new Invalid(why, { delegateToId: [why] });
      to = target;
    } else {
      const s = settings.get(r.campaignId)!;
      const ok = [s.fallbackReviewerId, s.additionalReviewerId].find((p) => p && !refusal(p, r, me, c));
      if (!ok)
        throw new Invalid(
          "There is nobody to escalate to: the fallback and additional reviewers are you, already review this access, or are under review. Delegate it to a named person instead.",
        );
      to = ok;
    }
    return {
      campaignId: r.campaignId,
      actorId: r.actorId,
      grantId: r.grantId,
      entitlementId: r.entitlementId,
      reviewerId: to,
      stage: r.stage,
      assignedBy: input.decision === "DELEGATE" ? "DELEGATED" : "ESCALATED",
      priority: 200,
      createdAt: now,
    };
  });
  await tx.reviewItem.createMany({ data: fresh });
  const byReviewer = new Map<string, number>();
  for (const f of fresh) byReviewer.set(f.reviewerId, (byReviewer.get(f.reviewerId) ?? 0) + 1);
  await notifyMany(
    tx,
    [...byReviewer].map(([recipientId, n]) => ({
      recipientId,
      kind: `campaign.${input.decision.toLowerCase()}d`,
      title: `${n} review item${n === 1 ? "" : "s"} ${input.decision === "DELEGATE" ? "delegated" : "escalated"} to you`,
      body: input.reason,
      link: "/reviews",
    })),
  );
}
