import { db } from "@/lib/db";
import type { JobList, JobState } from "./schemas";

// Reads of graphile-worker's queue for Settings → Jobs. A job is failed when it used all its
// attempts (it stays in the queue, never runs again, until retried or deleted), running while
// a worker holds its lock (locks older than 4 h are abandoned and the job is retried), and
// pending otherwise (due now or scheduled later, possibly after failed attempts).

const STALE_LOCK = "interval '4 hours'";
const WHERE: Record<JobState, string> = {
  failed: "j.attempts >= j.max_attempts",
  running: `j.attempts < j.max_attempts AND j.locked_at IS NOT NULL AND j.locked_at > now() - ${STALE_LOCK}`,
  pending: `j.attempts < j.max_attempts AND (j.locked_at IS NULL OR j.locked_at <= now() - ${STALE_LOCK})`,
};
/** Counts stop here: the queue may hold a million pending grant expiries. */
export const COUNT_CAP = 10_000;
export const PAGE_SIZE = 50;

export type JobRow = {
  id: bigint;
  task: string;
  queue: string | null;
  runAt: Date;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  key: string | null;
  lockedBy: string | null;
  createdAt: Date;
};

export async function getJobCounts(): Promise<Record<JobState, number>> {
  const count = async (state: JobState) => {
    const rows = await db.$queryRawUnsafe<Array<{ n: bigint }>>(
      `SELECT count(*)::bigint AS n FROM (SELECT 1 FROM graphile_worker.jobs j WHERE ${WHERE[state]} LIMIT ${COUNT_CAP + 1}) t`,
    );
    return Number(rows[0].n);
  };
  const [failed, pending, running] = await Promise.all([count("failed"), count("pending"), count("running")]);
  return { failed, pending, running };
}

/** One page of jobs in a state, oldest id first, after the keyset cursor. */
export async function listJobs({ state, after }: JobList): Promise<{ rows: JobRow[]; next: bigint | null }> {
  const rows = await db.$queryRawUnsafe<JobRow[]>(
    `SELECT j.id, j.task_identifier AS task, j.queue_name AS queue, j.run_at AS "runAt", j.attempts::int AS attempts,
            j.max_attempts::int AS "maxAttempts", left(j.last_error, 2000) AS "lastError", j.key, j.locked_by AS "lockedBy", j.created_at AS "createdAt"
       FROM graphile_worker.jobs j
      WHERE ${WHERE[state]} AND j.id > $1
      ORDER BY j.id
      LIMIT ${PAGE_SIZE + 1}`,
    after ?? 0n,
  );
  const more = rows.length > PAGE_SIZE;
  const page = more ? rows.slice(0, PAGE_SIZE) : rows;
  return { rows: page, next: more ? page[page.length - 1].id : null };
}

/** The periodic jobs and the last slot each fired for (one row per job across all replicas). */
export async function listCronRuns(): Promise<Map<string, Date | null>> {
  const rows = await db.$queryRaw<Array<{ identifier: string; last: Date | null }>>`
    SELECT identifier, last_execution AS last FROM graphile_worker._private_known_crontabs`;
  return new Map(rows.map((r) => [r.identifier, r.last]));
}
