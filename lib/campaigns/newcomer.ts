import { z } from "zod";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { appendLedger, systemActor, type LedgerActor } from "@/lib/ledger/append";
import { scheduleJob } from "@/lib/jobs/schedule";
import { notify } from "@/lib/inbox/notify";
import { scheduleCampaignJobs } from "./timers";
import { defaultsFor, KIND_SHAPE, type CampaignSettings } from "./schemas";
import type { Prisma } from "@/lib/generated/prisma/client";

// A new owner of an NHI (claim, hand-over, succession) or a new sponsor of an agent gets a
// small review of what they now answer for: the identity itself and its active grants, due
// within TRIAD_NEWCOMER_REVIEW_DAYS. The change schedules it in its own transaction; the job
// builds the campaign, so the change itself stays one quick write.

export const newcomerJobKey = (actorId: string) => `campaign-newcomer:${actorId}`;

/** Ownership changes call this in their transaction, once per identity whose accountable person changed. */
export async function scheduleNewcomerReview(
  tx: Tx,
  changes: ReadonlyArray<{ actorId: string; newcomerId: string }>,
): Promise<void> {
  for (const c of changes)
    await scheduleJob(
      tx,
      "campaigns.newcomer",
      { actorId: c.actorId, newcomerId: c.newcomerId },
      { jobKey: newcomerJobKey(c.actorId) },
    );
}

const payloadSchema = z.object({ actorId: z.uuid(), newcomerId: z.uuid() });
const NEWCOMER: LedgerActor = systemActor("newcomer review");
/** "Small": an identity with more grants than this gets its full review in the regular campaigns. */
const MAX_GRANT_ITEMS = 200;
const DAY = 86_400_000;
const toJson = (s: CampaignSettings) => JSON.parse(JSON.stringify(s)) as Prisma.InputJsonObject;

type Subject = {
  id: string;
  displayName: string;
  kind: "NHI" | "AGENT";
  accountableId: string | null;
  managerId: string | null;
};

/** Who takes escalations: the newcomer's manager, else a security admin's person, else nobody but them. */
async function fallbackFor(tx: Tx, s: Subject, newcomerId: string): Promise<string> {
  const [row] = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM (
      SELECT a.id, 0 AS rank FROM "Actor" a WHERE a.id = ${s.managerId}::uuid AND a.kind = 'HUMAN' AND a.status = 'ACTIVE'
      UNION ALL
      SELECT u."actorId", 1 FROM "User" u JOIN "Actor" a ON a.id = u."actorId"
      WHERE 'ADMIN' = ANY(u.roles) AND u."disabledAt" IS NULL AND a.status = 'ACTIVE' AND a.kind = 'HUMAN'
    ) c WHERE c.id <> ${newcomerId}::uuid AND c.id <> ${s.id}::uuid ORDER BY rank, id LIMIT 1`;
  return row?.id ?? newcomerId;
}

/**
 * The job: re-reads the identity and does nothing when the newcomer is no longer its owner or
 * sponsor, or already has an open newcomer review of it (the job may run twice).
 */
export async function runNewcomerReview(raw: unknown, now = new Date()): Promise<string | null> {
  const { actorId, newcomerId } = payloadSchema.parse(raw);
  return db.$transaction(async (tx) => {
    const [s] = await tx.$queryRaw<Subject[]>`
      SELECT a.id::text, a."displayName", a.kind::text AS kind, coalesce(np."ownerId", ap."sponsorId")::text AS "accountableId",
        hp."managerId"::text AS "managerId"
      FROM "Actor" a LEFT JOIN "NhiProfile" np ON np."actorId" = a.id LEFT JOIN "AgentProfile" ap ON ap."actorId" = a.id
        LEFT JOIN "HumanProfile" hp ON hp."actorId" = ${newcomerId}::uuid
      WHERE a.id = ${actorId}::uuid AND a.kind IN ('NHI', 'AGENT') AND a.status <> 'RETIRED'
      FOR UPDATE OF a`;
    if (!s || s.accountableId !== newcomerId) return null;
    const open = await tx.reviewItem.count({
      where: {
        actorId,
        reviewerId: newcomerId,
        decision: null,
        campaign: { status: "ACTIVE", closedAt: null, scope: { path: ["newcomerOf"], equals: actorId } },
      },
    });
    if (open) return null;

    const kind = s.kind === "NHI" ? "NHI_OWNERSHIP" : "AGENT_TOOLS";
    const d = defaultsFor(kind, now);
    const days = env().TRIAD_NEWCOMER_REVIEW_DAYS;
    const settings: CampaignSettings = {
      ...d,
      fallbackReviewerId: await fallbackFor(tx, s, newcomerId),
      dueAt: new Date(now.getTime() + days * DAY),
      reminderDays: [Math.min(2, days - 1)].filter((n) => n > 0),
      stages: [{ reviewers: "STRATEGY", rule: "ONE_ACCEPT", onNoReviewer: "FALLBACK" }],
      // The change that made them accountable was itself approved: silence keeps and escalates.
      deadline: { action: "KEEP_AND_ESCALATE", graceDays: 0 },
      recurrence: "NONE",
    };
    const noun = s.kind === "NHI" ? "owner" : "sponsor";
    const campaign = await tx.campaign.create({
      data: {
        name: `New ${noun} review: ${s.displayName}`,
        type: KIND_SHAPE[kind].type,
        reviewerStrategy: KIND_SHAPE[kind].strategy,
        scope: { ...(toJson(settings).scope as object), newcomerOf: actorId },
        status: "ACTIVE",
        dueAt: settings.dueAt,
        launchedAt: now,
        settings: toJson(settings),
        fallbackReviewerId: settings.fallbackReviewerId,
      },
      select: { id: true, name: true },
    });
    const items = await tx.$executeRaw`
      INSERT INTO "ReviewItem" (id, "campaignId", "actorId", "grantId", "entitlementId", "reviewerId", stage, "assignedBy", priority, "createdAt")
      SELECT gen_random_uuid(), ${campaign.id}::uuid, ${actorId}::uuid, NULL::uuid, NULL::uuid, ${newcomerId}::uuid, 1, 'STRATEGY', 50, ${now}::timestamptz
      UNION ALL
      SELECT gen_random_uuid(), ${campaign.id}::uuid, ${actorId}::uuid, g.id, g."entitlementId", ${newcomerId}::uuid, 1, 'STRATEGY',
        CASE WHEN e.privileged THEN 150 ELSE 50 END, ${now}::timestamptz
      FROM (SELECT g.id, g."entitlementId" FROM "Grant" g WHERE g."actorId" = ${actorId}::uuid AND g.status = 'ACTIVE'
            ORDER BY g."grantedAt" DESC LIMIT ${MAX_GRANT_ITEMS}) g JOIN "Entitlement" e ON e.id = g."entitlementId"`;
    await scheduleCampaignJobs(tx, campaign.id, settings, now);
    await notify(tx, newcomerId, {
      kind: "campaign.assigned",
      title: `Access review: ${campaign.name}`,
      body: `You are now the ${noun} of ${s.displayName}. Confirm it and its ${items - 1} grants are still needed by ${settings.dueAt.toISOString().slice(0, 10)}.`,
      link: "/reviews",
    });
    await appendLedger(tx, [
      {
        actor: NEWCOMER,
        action: "campaign.launched",
        target: `campaign:${campaign.id}`,
        details: { newcomerOf: actorId, reviewer: newcomerId, items, dueAt: settings.dueAt.toISOString() },
      },
    ]);
    return campaign.id;
  });
}
