import type { JobName } from "./names";
import { runOwnershipJobs } from "@/lib/ownership/worker";
import { runSuccessionSweep } from "@/lib/ownership/succession";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { ensureDecisionPartitions } from "@/lib/explorer/partitions";

/** A job's work. It re-reads the rows it acts on and must be safe to run twice. */
export type JobHandler = (payload: unknown) => Promise<unknown>;

export const JOB_HANDLERS: Record<JobName, JobHandler> = {
  "ownership.housekeeping": () => runOwnershipJobs(),
  "ownership.succession": () => runSuccessionSweep(),
  "webhooks.deliver": () => deliverDueWebhooks(),
  "decisions.partitions": () => ensureDecisionPartitions(),
};

/** Periodic jobs: graphile-worker's crontab fires each once per slot across all replicas. */
export const CRON_JOBS: Array<{ task: JobName; match: string }> = [
  { task: "ownership.housekeeping", match: "*/5 * * * *" },
  { task: "ownership.succession", match: "* * * * *" },
  { task: "webhooks.deliver", match: "* * * * *" },
  { task: "decisions.partitions", match: "17 3 * * *" },
];
