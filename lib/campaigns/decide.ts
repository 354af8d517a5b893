import { db, type Tx } from "@/lib/db";
import { Conflict, Forbidden, Invalid } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { notifyMany } from "@/lib/inbox/notify";
import { reviewerOf, type CampaignCaller } from "./caller";
import { settingsOf } from "./generate";
import { advanceGroups } from "./advance";
import type { DecideInput } from "./schemas";

type Locked = {
  id: string;
  campaignId: string;
  campaignName: string;
  status: string;
  settings: unknown;
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
export async function decideItems(caller: CampaignCaller, input: DecideInput, now = new Date()) {
  const me = reviewerOf(caller);
  const ids = [...new Set(input.itemIds)];
  return db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Locked[]>`
        SELECT ri.id::text, ri."campaignId"::text AS "campaignId", c.name AS "campaignName", CASE WHEN c."closedAt" IS NULL THEN c.status::text ELSE 'CLOSED' END AS status, c.settings, ri."actorId"::text AS "actorId",
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
      if (ids.length > 1 && rows.some((r) => r.privileged && settingsOf(r.settings).noBulkPrivileged))
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
        await handOn(tx, rows, input, me, now);
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
          },
        );
      return { decided: rows.length };
    },
    { timeout: 60_000 },
  );
}

/** ESCALATE goes to the campaign's fallback reviewer, DELEGATE to the named person: a new item each. */
async function handOn(tx: Tx, rows: Locked[], input: DecideInput, me: string, now: Date) {
  const target = input.decision === "DELEGATE" ? input.delegateToId! : null;
  if (target) {
    const person = await tx.actor.findFirst({
      where: { id: target, kind: "HUMAN", status: "ACTIVE" },
      select: { id: true },
    });
    if (!person) throw new Invalid("Delegate to an active person in the inventory.");
    if (target === me) throw new Invalid("You cannot delegate to yourself.");
  }
  const fresh = rows.map((r) => {
    const fallback = settingsOf(r.settings).fallbackReviewerId;
    const to = target ?? (fallback !== me ? fallback : settingsOf(r.settings).additionalReviewerId);
    if (!to) throw new Invalid("There is nobody to escalate to: you are this campaign's fallback reviewer.");
    if (to === r.actorId) throw new Invalid("That person's own access is under review; choose someone else.");
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
