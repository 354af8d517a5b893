import { deliverDueWebhooks } from "./deliver";
import { registerWebhookWorker } from "./worker-handle";

const globalForWorker = globalThis as unknown as { triadWebhookTimer?: ReturnType<typeof setInterval> };

/** Starts the in-process delivery loop once per process (every 10 s). */
export function startWebhookWorker(intervalMs = 10_000): void {
  if (globalForWorker.triadWebhookTimer) return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deliverDueWebhooks();
    } catch (error) {
      console.error("[triad] webhook delivery loop failed", error);
    } finally {
      running = false;
    }
  };
  globalForWorker.triadWebhookTimer = setInterval(tick, intervalMs);
  globalForWorker.triadWebhookTimer.unref?.();
  void tick();
}

registerWebhookWorker(() => startWebhookWorker());
