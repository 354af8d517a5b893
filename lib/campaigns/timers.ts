import type { Tx } from "@/lib/db";
import { scheduleJob } from "@/lib/jobs/schedule";
import type { CampaignSettings } from "./schemas";

const DAY = 86_400_000;

export const deadlineJobKey = (campaignId: string) => `campaign-deadline:${campaignId}`;

/** Reminders before the due date, escalations after it, and the deadline rule after the grace period. */
export async function scheduleCampaignJobs(
  tx: Tx,
  campaignId: string,
  s: CampaignSettings,
  now = new Date(),
): Promise<void> {
  const due = s.dueAt.getTime();
  for (const [i, days] of s.reminderDays.entries()) {
    const runAt = new Date(due - days * DAY);
    if (runAt > now)
      await scheduleJob(
        tx,
        "campaigns.remind",
        { campaignId },
        { runAt, jobKey: `campaign-remind:${campaignId}:${i}` },
      );
  }
  for (const [i, days] of s.escalationDays.entries()) {
    await scheduleJob(
      tx,
      "campaigns.escalate",
      { campaignId, level: i + 1 },
      { runAt: new Date(due + days * DAY), jobKey: `campaign-escalate:${campaignId}:${i}` },
    );
  }
  await scheduleJob(
    tx,
    "campaigns.deadline",
    { campaignId },
    { runAt: new Date(due + s.deadline.graceDays * DAY), jobKey: deadlineJobKey(campaignId) },
  );
}

const MONTHS = { NONE: 0, MONTHLY: 1, QUARTERLY: 3, SEMIANNUAL: 6, ANNUAL: 12 } as const;

/** The next run of a recurring definition: same length, starting one period after this run started. */
export function nextRun(s: CampaignSettings): { startsAt: Date; dueAt: Date } | null {
  const months = MONTHS[s.recurrence];
  if (!months) return null;
  const startsAt = new Date(s.startsAt);
  startsAt.setUTCMonth(startsAt.getUTCMonth() + months);
  return { startsAt, dueAt: new Date(startsAt.getTime() + (s.dueAt.getTime() - s.startsAt.getTime())) };
}

export async function scheduleRecurrence(
  tx: Tx,
  definitionId: string | null,
  s: CampaignSettings,
): Promise<void> {
  const next = nextRun(s);
  if (!definitionId || !next) return;
  await scheduleJob(
    tx,
    "campaigns.recur",
    { definitionId, startsAt: next.startsAt.toISOString(), dueAt: next.dueAt.toISOString() },
    { runAt: next.startsAt, jobKey: `campaign-recur:${definitionId}` },
  );
}
