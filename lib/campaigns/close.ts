import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { cancelJobs } from "@/lib/jobs/schedule";
import { notify } from "@/lib/inbox/notify";
import { stageOutcome, voteOf, type Vote } from "./outcome";
import { remediate, type Denied } from "./remediate";
import { guardHits, GUARD_TEXT } from "./guards";
import { settingsOf } from "./generate";
import { assertCampaignAdmin, userIdOf, type Caller } from "./caller";
import { deadlineJobKey, scheduleRecurrence } from "./timers";

type OpenGroup = {
  actorId: string;
  grantId: string | null;
  entitlementId: string | null;
  stage: number;
  decisions: Array<string | null>;
  pendingIds: string[];
};

export const DEADLINE_REASON = "Deadline rule: no response by the due date.";

/** Subjects still open at their latest stage, whose grant (if any) is still active. */
async function openGroups(tx: Tx, campaignId: string): Promise<OpenGroup[]> {
  return tx.$queryRaw<OpenGroup[]>`
    WITH latest AS (
      SELECT ri.*, max(ri.stage) OVER (PARTITION BY coalesce(ri."grantId", ri."actorId")) AS top
      FROM "ReviewItem" ri WHERE ri."campaignId" = ${campaignId}::uuid)
    SELECT l."actorId"::text AS "actorId", l."grantId"::text AS "grantId", min(l."entitlementId"::text) AS "entitlementId", l.stage,
      array_agg(l.decision::text) AS decisions, array_agg(l.id::text) FILTER (WHERE l.decision IS NULL) AS "pendingIds"
    FROM latest l LEFT JOIN "Grant" g ON g.id = l."grantId"
    WHERE l.stage = l.top AND (l."grantId" IS NULL OR g.status = 'ACTIVE')
    GROUP BY l."actorId", l."grantId", l.stage
    HAVING bool_or(l.decision IS NULL)`;
}

/**
 * Closes a campaign: no more decisions; undecided subjects get the outcome rule's final answer,
 * and silent ones the deadline rule (keep, escalate, revoke, quarantine) — refused when that
 * would auto-revoke protected access. Completes at once unless remediation needs an admin.
 */
export async function closeCampaign(by: LedgerActor, campaignId: string, now = new Date()) {
  return db.$transaction(
    async (tx) => {
      const [c] = await tx.$queryRaw<
        Array<{
          id: string;
          name: string;
          status: string;
          closedAt: Date | null;
          settings: unknown;
          fallbackReviewerId: string | null;
          definitionId: string | null;
          rerunOfId: string | null;
        }>
      >`
        SELECT id::text, name, status::text, "closedAt", settings, "fallbackReviewerId"::text AS "fallbackReviewerId", "definitionId"::text AS "definitionId", "rerunOfId"::text AS "rerunOfId"
        FROM "Campaign" WHERE id = ${campaignId}::uuid FOR UPDATE`;
      if (!c) throw new NotFound("No such campaign.");
      if (c.status !== "ACTIVE" || c.closedAt) throw new Conflict("This campaign is already closed.");
      const s = settingsOf(c.settings);
      const groups = await openGroups(tx, campaignId);
      const silent: OpenGroup[] = [];
      const accepted: OpenGroup[] = [];
      const denied: Denied[] = [];
      for (const g of groups) {
        const votes = g.decisions.map(voteOf).filter((v): v is Vote => v !== null);
        const out = stageOutcome(s.stages[g.stage - 1]?.rule ?? "ONE_ACCEPT", votes, true);
        if (out === "SILENT") silent.push(g);
        else if (out === "ACCEPTED") accepted.push(g);
        else if (out === "DENIED")
          denied.push({
            itemId: g.pendingIds[0],
            grantId: g.grantId,
            actorId: g.actorId,
            decision: "REVOKE",
          });
      }
      const autoRevoke = s.deadline.action === "REVOKE" || s.deadline.action === "QUARANTINE";
      if (autoRevoke && silent.length) {
        const subjects = Prisma.sql`SELECT * FROM unnest(${silent.map((g) => g.actorId)}::uuid[], ${silent.map((g) => g.grantId)}::uuid[], ${silent.map((g) => g.entitlementId)}::uuid[]) AS v(actor_id, grant_id, entitlement_id)`;
        const hits = await guardHits(tx, subjects);
        if (hits.length)
          throw new Conflict(
            `Closing would auto-revoke protected access: ${hits
              .slice(0, 3)
              .map((h) => `${h.actorName} (${GUARD_TEXT[h.guard]})`)
              .join(", ")}. Have those items decided by a reviewer first.`,
          );
      }
      await tx.campaign.update({ where: { id: campaignId }, data: { closedAt: now } });
      if (autoRevoke && silent.length) {
        const ids = silent.flatMap((g) => g.pendingIds);
        await tx.$executeRaw`UPDATE "ReviewItem" SET decision = 'REVOKE', reason = ${DEADLINE_REASON}, "decidedAt" = ${now}, "autoDecided" = true WHERE id = ANY(${ids}::uuid[]) AND decision IS NULL`;
        denied.push(
          ...silent.map((g) => ({
            itemId: g.pendingIds[0],
            grantId: g.grantId,
            actorId: g.actorId,
            decision: "REVOKE" as const,
          })),
        );
      }
      await remediate(tx, denied, { campaignId, reason: DEADLINE_REASON, by, requestedById: null, now });
      const grants = accepted.flatMap((g) => (g.grantId ? [g.grantId] : []));
      if (grants.length)
        await tx.$executeRaw`UPDATE "Grant" SET "lastCertifiedAt" = ${now} WHERE id = ANY(${grants}::uuid[])`;
      if (s.deadline.action === "KEEP_AND_ESCALATE" && silent.length)
        await notify(tx, c.fallbackReviewerId, {
          kind: "campaign.escalated",
          title: `${c.name}: ${silent.length} items unanswered`,
          body: `They were kept at the deadline and need your attention.`,
          link: `/campaigns/${campaignId}`,
        });
      await cancelJobs(tx, [
        deadlineJobKey(campaignId),
        ...s.reminderDays.map((_, i) => `campaign-remind:${campaignId}:${i}`),
        ...s.escalationDays.map((_, i) => `campaign-escalate:${campaignId}:${i}`),
      ]);
      if (!c.rerunOfId) await scheduleRecurrence(tx, c.definitionId, s);
      const completed = await completeIfClean(tx, campaignId, now);
      await appendLedger(tx, [
        {
          actor: by,
          action: "campaign.closed",
          target: `campaign:${campaignId}`,
          details: {
            deadlineRule: s.deadline.action,
            silent: silent.length,
            autoRevoked: autoRevoke ? silent.length : 0,
            deniedAtClose: denied.length - (autoRevoke ? silent.length : 0),
            acceptedAtClose: accepted.length,
            completed,
          },
        },
      ]);
      return { silent: silent.length, autoRevoked: autoRevoke ? silent.length : 0, completed };
    },
    { timeout: 120_000 },
  );
}

async function blockers(tx: Tx, campaignId: string): Promise<number> {
  return tx.reviewItem.count({ where: { campaignId, remediation: { in: ["UNSUPPORTED", "FAILED"] } } });
}

async function completeIfClean(tx: Tx, campaignId: string, now: Date): Promise<boolean> {
  if ((await blockers(tx, campaignId)) > 0) return false;
  await tx.campaign.update({ where: { id: campaignId }, data: { status: "COMPLETED", completedAt: now } });
  return true;
}

/** Marks a closed campaign complete; unsupported or failed remediation needs an admin's accepted reason. */
export async function completeCampaign(
  caller: Caller,
  input: { campaignId: string; riskAcceptedReason?: string },
  now = new Date(),
) {
  assertCampaignAdmin(caller);
  return db.$transaction(async (tx) => {
    const c = await tx.campaign.findUnique({
      where: { id: input.campaignId },
      select: { status: true, closedAt: true },
    });
    if (!c) throw new NotFound("No such campaign.");
    if (!c.closedAt) throw new Conflict("Close the campaign before completing it.");
    if (c.status === "COMPLETED") throw new Conflict("This campaign is already complete.");
    const open = await blockers(tx, input.campaignId);
    const reason = input.riskAcceptedReason?.trim() ?? "";
    if (open > 0 && reason.length < 10)
      throw new Invalid(
        `${open} remediations are unsupported or failed. Accept the risk with a reason (at least 10 characters) to complete anyway.`,
        { riskAcceptedReason: ["Give a reason for accepting the risk."] },
      );
    const done = await tx.campaign.updateMany({
      where: { id: input.campaignId, status: "ACTIVE" },
      data: {
        status: "COMPLETED",
        completedAt: now,
        ...(open > 0 ? { riskAcceptedReason: reason, riskAcceptedById: userIdOf(caller) } : {}),
      },
    });
    if (done.count !== 1) throw new Conflict("This campaign changed meanwhile. Reload and try again.");
    await appendLedger(tx, [
      {
        actor: caller.ledger,
        action: "campaign.completed",
        target: `campaign:${input.campaignId}`,
        details: { openRemediations: open, riskAcceptedReason: open > 0 ? reason : null },
      },
    ]);
    return { completed: true };
  });
}
