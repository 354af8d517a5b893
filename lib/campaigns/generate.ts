import { randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { candidatesSql } from "./scope";
import { guardHits, GUARD_TEXT, type GuardHit } from "./guards";
import { assertCampaignAdmin, userIdOf, type Caller } from "./caller";
import { scheduleCampaignJobs } from "./timers";
import { DEADLINE_LABELS, KIND_SHAPE, settingsSchema, type CampaignSettings } from "./schemas";

export type Preview = {
  items: number;
  reviewers: number;
  selfReviewsRerouted: number;
  noReviewer: number;
  unassignable: number;
  noReviewerSamples: Array<{ actorName: string; entitlement: string | null; sentTo: string | null }>;
  deadlineEffect: string;
  guards: GuardHit[];
};

const revokes = (s: CampaignSettings) => s.deadline.action === "REVOKE" || s.deadline.action === "QUARANTINE";

/** What launching would do, including what the deadline rule would do if nobody answered. */
export async function previewCampaign(settings: CampaignSettings, tx: Tx = db): Promise<Preview> {
  const c = candidatesSql(settings);
  const [agg] = await tx.$queryRaw<
    Array<{
      items: number;
      reviewers: number;
      self: number;
      none: number;
      unassignable: number;
      subjects: number;
    }>
  >`
    WITH c AS (${c})
    SELECT count(*)::int AS items, count(DISTINCT reviewer_id)::int AS reviewers,
      count(*) FILTER (WHERE assigned_by = 'SELF_REVIEW_REROUTED')::int AS self,
      count(*) FILTER (WHERE assigned_by = 'NO_REVIEWER')::int AS none,
      count(*) FILTER (WHERE reviewer_id IS NULL)::int AS unassignable,
      count(DISTINCT coalesce(grant_id, actor_id))::int AS subjects
    FROM c`;
  const noReviewerSamples = await tx.$queryRaw<Preview["noReviewerSamples"]>`
    WITH c AS (${c})
    SELECT a."displayName" AS "actorName", e.name AS entitlement, rv."displayName" AS "sentTo"
    FROM c JOIN "Actor" a ON a.id = c.actor_id LEFT JOIN "Entitlement" e ON e.id = c.entitlement_id LEFT JOIN "Actor" rv ON rv.id = c.reviewer_id
    WHERE c.assigned_by <> 'STRATEGY' AND c.assigned_by <> 'ADDITIONAL' ORDER BY a."displayName" LIMIT 20`;
  const guards = revokes(settings)
    ? await guardHits(tx, Prisma.sql`SELECT DISTINCT actor_id, grant_id, entitlement_id FROM (${c}) c0`)
    : [];
  const noun = settings.kind === "NHI_OWNERSHIP" ? "NHIs" : "grants";
  const n = agg.subjects.toLocaleString("en-US");
  const deadlineEffect =
    settings.deadline.action === "REVOKE"
      ? `${n} ${noun} revoked ${settings.deadline.graceDays} days after the due date`
      : settings.deadline.action === "QUARANTINE"
        ? `${n} identities quarantined ${settings.deadline.graceDays} days after the due date`
        : `${n} ${noun} kept (${DEADLINE_LABELS[settings.deadline.action].toLowerCase()})`;
  return {
    items: agg.items,
    reviewers: agg.reviewers,
    selfReviewsRerouted: agg.self,
    noReviewer: agg.none,
    unassignable: agg.unassignable,
    noReviewerSamples,
    deadlineEffect,
    guards,
  };
}

export async function createDefinition(caller: Caller, input: { name: string; settings: CampaignSettings }) {
  assertCampaignAdmin(caller);
  const shape = KIND_SHAPE[input.settings.kind];
  return db.campaignDefinition.create({
    data: {
      name: input.name,
      type: shape.type,
      reviewerStrategy: shape.strategy,
      settings: toJson(input.settings),
      createdById: userIdOf(caller),
    },
    select: { id: true },
  });
}

export const toJson = (s: CampaignSettings) => JSON.parse(JSON.stringify(s)) as Prisma.InputJsonObject;
export const settingsOf = (raw: unknown) => settingsSchema.parse(raw);

/** The settings of each campaign, read and parsed once (bulk decisions touch one or two campaigns, not one per item). */
export async function settingsByCampaign(
  tx: Tx,
  campaignIds: string[],
): Promise<Map<string, CampaignSettings>> {
  const rows = await tx.$queryRaw<Array<{ id: string; settings: unknown }>>`
    SELECT id::text, settings FROM "Campaign" WHERE id = ANY(${[...new Set(campaignIds)]}::uuid[])`;
  return new Map(rows.map((r) => [r.id, settingsOf(r.settings)]));
}

/**
 * Launches a numbered run of a definition: snapshots the in-scope subjects into review items
 * in one INSERT … SELECT, tells each reviewer once, and schedules reminders and the deadline.
 */
export async function launchCampaign(
  caller: Caller,
  definitionId: string,
  now = new Date(),
  dates?: { startsAt: Date; dueAt: Date },
) {
  assertCampaignAdmin(caller);
  const def = await db.campaignDefinition.findUnique({ where: { id: definitionId } });
  if (!def) throw new NotFound("No such campaign definition.");
  const settings = { ...settingsOf(def.settings), ...dates };
  if (settings.dueAt <= now)
    throw new Invalid("The due date is in the past. Choose a due date after today.", {
      "settings.dueAt": ["The due date is in the past."],
    });
  const fallback = await db.actor.findFirst({
    where: { id: settings.fallbackReviewerId, kind: "HUMAN", status: "ACTIVE" },
    select: { id: true },
  });
  if (!fallback) throw new Invalid("The fallback reviewer must be an active person.");

  return db.$transaction(
    async (tx) => {
      if (revokes(settings)) {
        const guards = await guardHits(
          tx,
          Prisma.sql`SELECT DISTINCT actor_id, grant_id, entitlement_id FROM (${candidatesSql(settings)}) c0`,
        );
        if (guards.length)
          throw new Invalid(
            `The deadline rule would auto-revoke protected access: ${guards
              .slice(0, 3)
              .map((g) => `${g.actorName} (${GUARD_TEXT[g.guard]})`)
              .join(", ")}. Narrow the scope or choose “keep” as the deadline rule.`,
          );
      }
      const [{ next }] = await tx.$queryRaw<Array<{ next: number }>>`
        SELECT coalesce(max(number), 0)::int + 1 AS next FROM "Campaign" WHERE "definitionId" = ${def.id}::uuid`;
      const campaign = await tx.campaign.create({
        data: {
          name: `${def.name} #${next}`,
          type: def.type,
          reviewerStrategy: def.reviewerStrategy,
          scope: toJson(settings).scope as Prisma.InputJsonObject,
          status: "ACTIVE",
          dueAt: settings.dueAt,
          createdById: userIdOf(caller),
          launchedAt: now,
          definitionId: def.id,
          number: next,
          settings: toJson(settings),
          fallbackReviewerId: settings.fallbackReviewerId,
        },
        select: { id: true, name: true },
      });
      // One statement over the scope: insert everything, tell each reviewer once, count what
      // happened; then refuse (rolling all of it back) what cannot launch.
      const stats = await insertItems(tx, campaign, candidatesSql(settings), settings.dueAt, now);
      if (stats.items === 0)
        throw new Invalid("Nothing is in scope: this campaign would have zero items. Widen the scope.");
      if (stats.unassignable > 0)
        throw new Invalid(
          `${stats.unassignable} items have no reviewer other than the person under review. Set an additional reviewer.`,
        );
      const inserted = stats.items;
      await scheduleCampaignJobs(tx, campaign.id, settings);
      await appendLedger(tx, [
        {
          actor: caller.ledger,
          action: "campaign.launched",
          target: `campaign:${campaign.id}`,
          details: {
            definitionId: def.id,
            number: next,
            items: inserted,
            reviewers: stats.reviewers,
            selfReviewsRerouted: stats.self,
            noReviewer: stats.none,
          },
        },
      ]);
      return { id: campaign.id, items: inserted };
    },
    { timeout: 120_000 },
  );
}

type LaunchStats = { items: number; reviewers: number; self: number; none: number; unassignable: number };

/**
 * Item ids are UUIDv7 (launch time, then a counter in reviewer order) so the 100,000 new keys
 * land at the end of the primary key and next to each other in the reviewer indexes, instead
 * of at random pages; the reviewers' inbox messages and the launch figures come from the same
 * statement's RETURNING rows, not from two more scans of the items.
 */
async function insertItems(
  tx: Tx,
  campaign: { id: string; name: string },
  candidates: Prisma.Sql,
  dueAt: Date,
  now: Date,
): Promise<LaunchStats> {
  // 48-bit time, version 7, 12+28 random bits (two launches in one millisecond never collide), variant, 32-bit counter.
  const random = randomBytes(5).toString("hex");
  const prefix = `${now.getTime().toString(16).padStart(12, "0")}7${random.slice(0, 3)}8${random.slice(3, 10)}`;
  const due = dueAt.toISOString().slice(0, 10);
  const [stats] = await tx.$queryRaw<LaunchStats[]>`
    WITH ins AS (
      INSERT INTO "ReviewItem" (id, "campaignId", "actorId", "grantId", "entitlementId", "reviewerId", stage, "assignedBy", priority, "createdAt")
      SELECT (${prefix} || lpad(to_hex(row_number() OVER (ORDER BY c.reviewer_id, c.actor_id)), 8, '0'))::uuid, ${campaign.id}::uuid,
        c.actor_id, c.grant_id, c.entitlement_id, c.reviewer_id, 1, c.assigned_by, c.priority, ${now}::timestamptz
      FROM (${candidates}) c ORDER BY c.reviewer_id, c.actor_id
      RETURNING "reviewerId", "assignedBy"),
    per AS (SELECT "reviewerId", count(*)::text AS n FROM ins WHERE "reviewerId" IS NOT NULL GROUP BY 1),
    told AS (
      INSERT INTO "InboxMessage" (id, "recipientId", kind, title, body, link, "createdAt")
      SELECT gen_random_uuid(), per."reviewerId", 'campaign.assigned', ${`Access review: ${campaign.name}`},
        per.n || ' items wait for your review by ' || ${due}::text || '.', '/reviews', now()
      FROM per)
    SELECT count(*)::int AS items, count(DISTINCT "reviewerId")::int AS reviewers,
      count(*) FILTER (WHERE "assignedBy" = 'SELF_REVIEW_REROUTED')::int AS self,
      count(*) FILTER (WHERE "assignedBy" = 'NO_REVIEWER')::int AS none,
      count(*) FILTER (WHERE "reviewerId" IS NULL)::int AS unassignable
    FROM ins`;
  return stats;
}

/** A new run of a definition starts now and lasts as long as the definition says. */
export async function nextDatesOf(
  definitionId: string,
  now = new Date(),
): Promise<{ startsAt: Date; dueAt: Date }> {
  const def = await db.campaignDefinition.findUnique({
    where: { id: definitionId },
    select: { settings: true },
  });
  if (!def) throw new NotFound("No such campaign definition.");
  const s = settingsOf(def.settings);
  return { startsAt: now, dueAt: new Date(now.getTime() + (s.dueAt.getTime() - s.startsAt.getTime())) };
}
