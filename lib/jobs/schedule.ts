import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import type { JobName } from "./names";

export type ScheduleOptions = {
  /** When the job may run; now when omitted. */
  runAt?: Date;
  /** One pending job per key: scheduling the same key again moves it (graphile-worker "replace"). */
  jobKey?: string;
  maxAttempts?: number;
  /** Jobs in one queue run one at a time. */
  queue?: string;
};

/**
 * Schedules a job in the caller's transaction, so the row that needs the timer and its job
 * commit (or roll back) together. The worker re-checks the row when the job fires.
 */
export async function scheduleJob(
  tx: Tx,
  task: JobName,
  payload: Prisma.InputJsonObject,
  options: ScheduleOptions = {},
): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${task}::text,
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${options.queue ?? null}::text,
    run_at => ${options.runAt ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 10}::int,
    job_key => ${options.jobKey ?? null}::text
  )`;
}

/** Drops the pending job with this key (for example when a grant is revoked before it expires). */
export async function cancelJob(tx: Tx, jobKey: string): Promise<void> {
  await tx.$executeRaw`SELECT graphile_worker.remove_job(${jobKey}::text)`;
}

/**
 * Drops the pending jobs with these keys, set-based: graphile-worker's complete_jobs deletes the
 * unlocked ones in one statement (remove_job per key also sends one NOTIFY each, which made
 * ending 100,000 grants crawl); a job running right now keeps running and finds nothing to do,
 * but remove_job clears its key so it is not retried.
 */
export async function cancelJobs(tx: Tx, jobKeys: string[]): Promise<void> {
  if (!jobKeys.length) return;
  // Joined from unnest(), so each key is one probe of the unique key index (a `key = ANY(array)`
  // filter can end up compared row by row against thousands of keys), shared by both halves.
  await tx.$executeRaw`WITH j AS MATERIALIZED (
      SELECT j.id, j.key, j.locked_at FROM unnest(${jobKeys}::text[]) AS k(key)
      JOIN graphile_worker.jobs j ON j.key = k.key)
    SELECT (SELECT count(*) FROM graphile_worker.complete_jobs(ARRAY(SELECT id FROM j WHERE locked_at IS NULL)))
         + (SELECT count(graphile_worker.remove_job(key)) FROM j WHERE locked_at IS NOT NULL)`;
}

/**
 * Postpones the due, not yet running (and not failed for good) jobs of one task by `minutes`,
 * up to `limit` of them; returns how many. For bulk work about to do what those jobs would each
 * do: idle workers would otherwise fetch them one by one while it works. Postponed, not removed:
 * if the bulk run dies, each job still fires later, and each job's own work is idempotent.
 */
export async function postponeDueJobs(
  tx: Tx,
  task: JobName,
  minutes: number,
  limit: number,
): Promise<number> {
  const [row] = await tx.$queryRaw<
    Array<{ n: bigint }>
  >`SELECT count(*) AS n FROM graphile_worker.reschedule_jobs(ARRAY(
    SELECT j.id FROM graphile_worker.jobs j
    WHERE j.task_identifier = ${task} AND j.run_at <= now() AND j.locked_at IS NULL AND j.attempts < j.max_attempts
    LIMIT ${limit}), run_at => now() + make_interval(mins => ${minutes}::int))`;
  return Number(row?.n ?? 0);
}
