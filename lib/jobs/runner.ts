import { Logger, parseCronItems, run, runOnce, type Runner, type TaskList } from "graphile-worker";
import { requireDatabaseUrl } from "@/lib/env";
import { CRON_JOBS, JOB_HANDLERS } from "./tasks";
import { JOB_NAMES } from "./names";

// The one job runner of a process. graphile-worker takes each job with SKIP LOCKED, so a job
// has one owner across replicas; a failing job is retried with exponential backoff up to its
// max attempts and then stays in the queue as failed (shown on Settings → Jobs).

const globalForRunner = globalThis as unknown as { triadJobRunner?: Promise<Runner> };

function taskList(): TaskList {
  return Object.fromEntries(
    JOB_NAMES.map((name) => [
      name,
      async (payload: unknown) => {
        await JOB_HANDLERS[name](payload);
      },
    ]),
  );
}

// graphile-worker logs every job at info; keep errors and warnings only.
const logger = new Logger(() => (level, message) => {
  if (level === "error" || level === "warning") console.error(`[triad] jobs: ${message}`);
});

/** Starts the job runner once per process; called by the server's start, never by a page. */
export function startJobRunner(
  options: { concurrency?: number; pollInterval?: number } = {},
): Promise<Runner> {
  globalForRunner.triadJobRunner ??= run({
    connectionString: requireDatabaseUrl(),
    concurrency: options.concurrency ?? 4,
    pollInterval: options.pollInterval ?? 1_000,
    noHandleSignals: true,
    taskList: taskList(),
    parsedCronItems: parseCronItems(
      CRON_JOBS.map((c) => ({
        task: c.task,
        match: c.match,
        identifier: c.task,
        options: { backfillPeriod: 0, maxAttempts: 3 },
      })),
    ),
    logger,
  }).then((runner) => {
    // One line per periodic sweep, naming its slot: across replicas each slot appears once.
    runner.events.on("job:success", ({ job }) => {
      const cron = (job.payload as { _cron?: { ts?: unknown } } | null)?._cron;
      if (cron)
        console.log(`[triad] job ${job.task_identifier} ran for the ${String(cron.ts)} slot (job ${job.id})`);
    });
    return runner;
  });
  return globalForRunner.triadJobRunner;
}

export async function stopJobRunner(): Promise<void> {
  const runner = await globalForRunner.triadJobRunner;
  globalForRunner.triadJobRunner = undefined;
  await runner?.stop();
}

/** Runs every job that is due now, then returns (tests and the CLI drive timers with this). */
export async function runDueJobs(connectionString = requireDatabaseUrl()): Promise<void> {
  await runOnce({ connectionString, taskList: taskList(), noHandleSignals: true, logger });
}
