import { env } from "@/lib/env";
import { runSuccessionSweep } from "./succession";
import { recomputeRotationDue } from "@/lib/rotation/mutations";
import { sendRotationReminders } from "@/lib/rotation/reminders";
import { rotateSigningKey } from "@/lib/tokens/keys";
import { startWebhookWorker } from "@/lib/webhooks/worker";

const globalForWorker = globalThis as unknown as { triadOwnershipTimer?: ReturnType<typeof setInterval>; triadSuccessionTimer?: ReturnType<typeof setInterval> };

/** One pass of the ownership housekeeping; each job is independent and idempotent. */
export async function runOwnershipJobs(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const jobs: Array<[string, () => Promise<unknown>]> = [
    ["succession", () => runSuccessionSweep()],
    ["rotationDueFilled", () => recomputeRotationDue(undefined, { onlyMissing: true })],
    ["reminders", () => sendRotationReminders()],
    ["signingKey", async () => (await rotateSigningKey()).rotated],
  ];
  for (const [name, job] of jobs) {
    try {
      out[name] = await job();
    } catch (error) {
      console.error(`[triad] ownership job ${name} failed`, error);
      out[name] = "failed";
    }
  }
  return out;
}

/**
 * Starts the housekeeping loop once per server process (every 5 minutes), a faster succession
 * sweep (every minute, so a SCIM leaver's NHIs are orphaned to their successor quickly) and the
 * webhook delivery loop. Started lazily by the dashboard and the ownership pages;
 * `npm run triad -- ownership-jobs` runs one pass from the command line.
 */
export function ensureOwnershipWorker(intervalMs = 300_000): void {
  if (globalForWorker.triadOwnershipTimer || env().NODE_ENV === "test") return;
  globalForWorker.triadOwnershipTimer = setInterval(() => void runOwnershipJobs(), intervalMs);
  globalForWorker.triadOwnershipTimer.unref?.();
  globalForWorker.triadSuccessionTimer = setInterval(() => {
    runSuccessionSweep().catch((error) => console.error("[triad] succession sweep failed", error));
  }, 60_000);
  globalForWorker.triadSuccessionTimer.unref?.();
  setTimeout(() => void runOwnershipJobs(), 1_000).unref?.();
  startWebhookWorker();
}
