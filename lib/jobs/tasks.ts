import type { JobName } from "./names";
import { runOwnershipJobs } from "@/lib/ownership/worker";
import { runSuccessionSweep } from "@/lib/ownership/succession";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { expireGrantJob, sweepExpiredGrants } from "@/lib/grants/expire";
import { requestDeadlineJob } from "@/lib/requests/deadline";
import { breakGlassDeadlineJob } from "@/lib/requests/break-glass";

/** A job's work. It re-reads the rows it acts on and must be safe to run twice. */
export type JobHandler = (payload: unknown) => Promise<unknown>;

export const JOB_HANDLERS: Record<JobName, JobHandler> = {
  "ownership.housekeeping": () => runOwnershipJobs(),
  "ownership.succession": () => runSuccessionSweep(),
  "webhooks.deliver": () => deliverDueWebhooks(),
  "grants.expire": (payload) => expireGrantJob(payload),
  "grants.sweep": () => sweepExpiredGrants(),
  "requests.deadline": (payload) => requestDeadlineJob(payload),
  "breakglass.deadline": (payload) => breakGlassDeadlineJob(payload),
};

/** Periodic jobs: graphile-worker's crontab fires each once per slot across all replicas. */
export const CRON_JOBS: Array<{ task: JobName; match: string }> = [
  { task: "ownership.housekeeping", match: "*/5 * * * *" },
  { task: "ownership.succession", match: "* * * * *" },
  { task: "webhooks.deliver", match: "* * * * *" },
  { task: "grants.sweep", match: "*/5 * * * *" },
];
