import type { JobName } from "./names";
import { runOwnershipJobs } from "@/lib/ownership/worker";
import { runSuccessionSweep } from "@/lib/ownership/succession";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { campaignJobs } from "@/lib/campaigns/jobs";
import { expireProposal } from "@/lib/proposals/expire";
import { sweepExpiredSessions } from "@/lib/agents/sweep";
import { flushRefusals } from "@/lib/auth/refusals";
import { createCheckpoint } from "@/lib/ledger/checkpoint";
import { drainLedgerOutbox } from "@/lib/ledger/outbox";
import { ensureDecisionPartitions } from "@/lib/explorer/partitions";
import { foldDailyRollup } from "@/lib/explorer/rollup-daily";
import { foldAccessUse } from "@/lib/explorer/access-use";
import { expireGrantJob, sweepExpiredGrants } from "@/lib/grants/expire";
import { requestDeadlineJob } from "@/lib/requests/deadline";
import { breakGlassDeadlineJob } from "@/lib/requests/break-glass";

/** A job's work. It re-reads the rows it acts on and must be safe to run twice. */
export type JobHandler = (payload: unknown) => Promise<unknown>;

export const JOB_HANDLERS: Record<JobName, JobHandler> = {
  "ownership.housekeeping": () => runOwnershipJobs(),
  "ownership.succession": () => runSuccessionSweep(),
  "webhooks.deliver": () => deliverDueWebhooks(),
  ...campaignJobs,
  "proposals.expire": (payload) => expireProposal(payload),
  "agents.session-sweep": () => sweepExpiredSessions(),
  "auth.refusals_flush": () => flushRefusals(),
  "ledger.checkpoint": async () => {
    const outcome = await createCheckpoint({ background: true });
    // A broken chain is not a job failure to retry: it is evidence, reported loudly each run.
    if (!outcome.ok)
      console.error(
        `[triad] ledger NOT checkpointed: broken at #${outcome.firstBreak.seq}: ${outcome.firstBreak.reason}`,
      );
  },
  "ledger.outbox": () => drainLedgerOutbox(),
  "decisions.partitions": () => ensureDecisionPartitions(),
  "decisions.rollup": () => foldDailyRollup().then(() => undefined),
  "decisions.use": () => foldAccessUse(),
  "grants.expire": () => expireGrantJob(),
  "grants.sweep": () => sweepExpiredGrants(),
  "requests.deadline": (payload) => requestDeadlineJob(payload),
  "breakglass.deadline": (payload) => breakGlassDeadlineJob(payload),
};

/** Periodic jobs: graphile-worker's crontab fires each once per slot across all replicas. */
export const CRON_JOBS: Array<{ task: JobName; match: string }> = [
  { task: "ownership.housekeeping", match: "*/5 * * * *" },
  { task: "ownership.succession", match: "* * * * *" },
  { task: "webhooks.deliver", match: "* * * * *" },
  { task: "agents.session-sweep", match: "*/5 * * * *" },
  { task: "auth.refusals_flush", match: "* * * * *" },
  { task: "ledger.checkpoint", match: "*/5 * * * *" },
  // Safety net only: the bulk writer drains its own entries right after its commit.
  { task: "ledger.outbox", match: "* * * * *" },
  { task: "decisions.partitions", match: "17 3 * * *" },
  // Hourly: a day is folded shortly after it closes (and after a backfill moved the mark back).
  { task: "decisions.rollup", match: "7 * * * *" },
  // Reviewers' "last used" and agents' activity are at most a minute behind the decisions.
  { task: "decisions.use", match: "* * * * *" },
  { task: "grants.sweep", match: "*/5 * * * *" },
];
