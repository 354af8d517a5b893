import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemCaller } from "@/lib/actions/caller";
import { scheduleJob } from "@/lib/jobs/schedule";
import { getJobCounts, listJobs } from "@/lib/jobs/queries";
import { deleteJobs, retryJobs } from "@/lib/jobs/mutations";
import { uid } from "../support/factories";

// Settings → Jobs: failed jobs (all attempts used) are listed with their last error, and only
// they can be retried or deleted; each retry and delete is in the ledger.

async function failedJob(key: string): Promise<bigint> {
  await db.$transaction((tx) =>
    scheduleJob(
      tx,
      "webhooks.deliver",
      {},
      { jobKey: key, runAt: new Date(Date.now() + 3_600_000), maxAttempts: 3 },
    ),
  );
  const [row] = await db.$queryRaw<Array<{ id: bigint }>>`
    UPDATE graphile_worker._private_jobs SET attempts = 3, last_error = 'boom: endpoint said 500'
    WHERE key = ${key} RETURNING id`;
  return row.id;
}

describe("jobs admin", () => {
  it("lists failed jobs with their last error and counts them", async () => {
    const id = await failedJob(`test:failed:${uid()}`);
    const counts = await getJobCounts();
    expect(counts.failed).toBeGreaterThanOrEqual(1);
    const all: bigint[] = [];
    let after: bigint | undefined;
    for (;;) {
      const page = await listJobs({ state: "failed", after });
      all.push(...page.rows.map((r) => r.id));
      const mine = page.rows.find((r) => r.id === id);
      if (mine)
        expect(mine).toMatchObject({
          task: "webhooks.deliver",
          attempts: 3,
          maxAttempts: 3,
          lastError: "boom: endpoint said 500",
        });
      if (!page.next) break;
      after = page.next;
    }
    expect(all).toContain(id);
    expect((await listJobs({ state: "pending" })).rows.map((r) => r.id)).not.toContain(id);
  });

  it("retries a failed job now with fresh attempts, and deletes another; pending jobs are not touched", async () => {
    const retried = await failedJob(`test:failed:${uid()}`);
    const deleted = await failedJob(`test:failed:${uid()}`);
    const pendingKey = `test:pending:${uid()}`;
    await db.$transaction((tx) =>
      scheduleJob(
        tx,
        "webhooks.deliver",
        {},
        { jobKey: pendingKey, runAt: new Date(Date.now() + 3_600_000) },
      ),
    );
    const [pending] = await db.$queryRaw<
      Array<{ id: bigint }>
    >`SELECT id FROM graphile_worker.jobs WHERE key = ${pendingKey}`;

    expect(await retryJobs(systemCaller(), { ids: [retried, pending.id] })).toBe(1);
    const [row] = await db.$queryRaw<
      Array<{ attempts: number; run_at: Date }>
    >`SELECT attempts, run_at FROM graphile_worker.jobs WHERE id = ${retried}`;
    expect(row.attempts).toBe(0);
    expect(row.run_at.getTime()).toBeLessThanOrEqual(Date.now() + 1_000);

    expect(await deleteJobs(systemCaller(), { ids: [deleted] })).toBe(1);
    expect(await db.$queryRaw`SELECT id FROM graphile_worker.jobs WHERE id = ${deleted}`).toEqual([]);
    await expect(deleteJobs(systemCaller(), { ids: [pending.id] })).rejects.toThrow(
      /None of those jobs is failed/,
    );

    const entries = await db.logEntry.findMany({
      where: { target: { in: [`job:${retried}`, `job:${deleted}`] } },
      select: { action: true, target: true },
    });
    expect(entries).toEqual(
      expect.arrayContaining([
        { action: "job.retried", target: `job:${retried}` },
        { action: "job.deleted", target: `job:${deleted}` },
      ]),
    );
    await db.$transaction((tx) => tx.$executeRaw`SELECT graphile_worker.remove_job(${pendingKey}::text)`);
  });
});
