import { runSuccessionSweep } from "./succession";
import { recomputeRotationDue } from "@/lib/rotation/mutations";
import { sendRotationReminders } from "@/lib/rotation/reminders";
import { rotateSigningKey } from "@/lib/tokens/keys";

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
