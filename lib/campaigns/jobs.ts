import { z } from "zod";
import { db } from "@/lib/db";
import { notifyMany } from "@/lib/inbox/notify";
import type { JobHandler } from "@/lib/jobs/tasks";
import type { JobName } from "@/lib/jobs/names";
import { closeCampaign } from "./close";
import { launchCampaign } from "./generate";
import { runNewcomerReview } from "./newcomer";
import { systemCaller } from "./caller";
import { systemActor } from "@/lib/ledger/append";

// Campaign timers. Each handler re-reads the campaign and does nothing once it is closed.
const payload = z.object({ campaignId: z.uuid(), level: z.number().int().optional() });
const SYSTEM = systemActor("campaign deadline");

async function openCampaign(raw: unknown) {
  const { campaignId, level } = payload.parse(raw);
  const c = await db.campaign.findFirst({
    where: { id: campaignId, status: "ACTIVE", closedAt: null },
    select: { id: true, name: true, dueAt: true, fallbackReviewerId: true },
  });
  return c ? { ...c, level: level ?? 1 } : null;
}

async function undecidedByReviewer(campaignId: string) {
  return db.reviewItem.groupBy({
    by: ["reviewerId"],
    where: { campaignId, decision: null, reviewerId: { not: null } },
    _count: { _all: true },
  });
}

export const campaignJobs: Record<Extract<JobName, `campaigns.${string}`>, JobHandler> = {
  "campaigns.remind": async (raw) => {
    const c = await openCampaign(raw);
    if (!c) return;
    const rows = await undecidedByReviewer(c.id);
    await db.$transaction((tx) =>
      notifyMany(
        tx,
        rows.map((r) => ({
          recipientId: r.reviewerId!,
          kind: "campaign.reminder",
          title: `Reminder: ${c.name}`,
          body: `${r._count._all} items still wait for your decision; due ${c.dueAt.toISOString().slice(0, 10)}.`,
          link: "/reviews",
        })),
      ),
    );
  },
  "campaigns.escalate": async (raw) => {
    const c = await openCampaign(raw);
    if (!c?.fallbackReviewerId) return;
    const rows = await undecidedByReviewer(c.id);
    if (rows.length === 0) return;
    const total = rows.reduce((n, r) => n + r._count._all, 0);
    await db.$transaction((tx) =>
      notifyMany(tx, [
        {
          recipientId: c.fallbackReviewerId!,
          kind: "campaign.escalation",
          title: `Escalation level ${c.level}: ${c.name}`,
          body: `${rows.length} reviewers are overdue with ${total} undecided items.`,
          link: `/campaigns/${c.id}`,
        },
      ]),
    );
  },
  "campaigns.recur": async (raw) => {
    const p = z
      .object({ definitionId: z.uuid(), startsAt: z.coerce.date(), dueAt: z.coerce.date() })
      .parse(raw);
    // Idempotent: a run already launched for this start is not launched again.
    const done = await db.campaign.count({
      where: { definitionId: p.definitionId, launchedAt: { gte: p.startsAt } },
    });
    if (done === 0)
      await launchCampaign(systemCaller("campaign recurrence"), p.definitionId, new Date(), {
        startsAt: p.startsAt,
        dueAt: p.dueAt,
      });
  },
  "campaigns.newcomer": (raw) => runNewcomerReview(raw),
  "campaigns.deadline": async (raw) => {
    const c = await openCampaign(raw);
    if (c) await closeCampaign(SYSTEM, c.id);
  },
};
