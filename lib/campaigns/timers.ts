import type { Tx } from "@/lib/db";
import { scheduleJob } from "@/lib/jobs/schedule";
import type { CampaignSettings } from "./schemas";

const DAY = 86_400_000;

export const deadlineJobKey = (campaignId: string) => `campaign-deadline:${campaignId}`;

/** Reminders before the due date, escalations after it, and the deadline rule after the grace period. */
export async function scheduleCampaignJobs(tx: Tx, campaignId: string, s: CampaignSettings, now = new Date()): Promise<void> {
  const due = s.dueAt.getTime();
  for (const [i, days] of s.reminderDays.entries()) {
    const runAt = new Date(due - days * DAY);
    if (runAt > now) await scheduleJob(tx, "campaigns.remind", { campaignId }, { runAt, jobKey: `campaign-remind:${campaignId}:${i}` });
  }
  for (const [i, days] of s.escalationDays.entries()) {
    await scheduleJob(tx, "campaigns.escalate", { campaignId, level: i + 1 }, { runAt: new Date(due + days * DAY), jobKey: `campaign-escalate:${campaignId}:${i}` });
  }
  await scheduleJob(tx, "campaigns.deadline", { campaignId }, { runAt: new Date(due + s.deadline.graceDays * DAY), jobKey: deadlineJobKey(campaignId) });
}
