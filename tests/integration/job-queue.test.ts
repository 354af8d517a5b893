import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { cancelJob, scheduleJob } from "@/lib/jobs/schedule";
import { runDueJobs } from "@/lib/jobs/runner";

const pending = async (key: string) =>
  (
    await db.$queryRaw<
      Array<{ n: bigint }>
    >`SELECT count(*)::bigint AS n FROM graphile_worker.jobs WHERE key = ${key}`
  )[0].n;

describe("job queue", () => {
  it("schedules a job only when the transaction that needs it commits", async () => {
    await db
      .$transaction(async (tx) => {
        await scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "test:rolled-back" });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    expect(await pending("test:rolled-back")).toBe(0n);

    await db.$transaction((tx) => scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "test:committed" }));
    expect(await pending("test:committed")).toBe(1n);
    await runDueJobs();
    expect(await pending("test:committed")).toBe(0n);
  });

  it("keeps one pending job per key, moved when scheduled again, and cancels it", async () => {
    const later = new Date(Date.now() + 3_600_000);
    await db.$transaction((tx) =>
      scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "test:moved", runAt: new Date(Date.now() + 60_000) }),
    );
    await db.$transaction((tx) =>
      scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "test:moved", runAt: later }),
    );
    const rows = await db.$queryRaw<
      Array<{ run_at: Date }>
    >`SELECT run_at FROM graphile_worker.jobs WHERE key = 'test:moved'`;
    expect(rows).toHaveLength(1);
    expect(rows[0].run_at.getTime()).toBe(later.getTime());
    await db.$transaction((tx) => cancelJob(tx, "test:moved"));
    expect(await pending("test:moved")).toBe(0n);
  });
});
