import { db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/actions/caller";
import type { JobIds } from "./schemas";

// An operator's hand on the queue: only failed jobs (all attempts used) are retried or deleted,
// the state is in the statement's `where`, and each change is in the ledger with the job's task.

type Touched = { id: bigint; task: string };

async function onFailed(
  caller: Caller,
  input: JobIds,
  verb: "retried" | "deleted",
  statement: string,
): Promise<number> {
  return db.$transaction(async (tx) => {
    const jobs = await tx.$queryRawUnsafe<Touched[]>(statement, input.ids);
    if (jobs.length === 0) throw new NotFound("None of those jobs is failed any more.");
    await appendLedger(
      tx,
      jobs.map((j) => ({
        actor: caller.ledger,
        action: `job.${verb}`,
        target: `job:${j.id}`,
        details: { task: j.task },
      })),
    );
    return jobs.length;
  });
}

const FAILED = `SELECT id FROM graphile_worker.jobs WHERE id = ANY($1::bigint[]) AND attempts >= max_attempts`;
const TASK = `(SELECT identifier FROM graphile_worker._private_tasks t WHERE t.id = r.task_id)`;

/** Failed jobs run again now, with their attempts reset. */
export function retryJobs(caller: Caller, input: JobIds): Promise<number> {
  return onFailed(
    caller,
    input,
    "retried",
    `SELECT r.id, ${TASK} AS task FROM graphile_worker.reschedule_jobs(ARRAY(${FAILED}), run_at => now(), attempts => 0) r`,
  );
}

/** Failed jobs leave the queue for good. */
export function deleteJobs(caller: Caller, input: JobIds): Promise<number> {
  return onFailed(
    caller,
    input,
    "deleted",
    `SELECT r.id, ${TASK} AS task FROM graphile_worker.complete_jobs(ARRAY(${FAILED})) r`,
  );
}
