import { env } from "@/lib/env";

// The in-process delivery worker starts lazily, the first time this process queues a delivery
// (or when the server calls startWebhookWorker). Tests drive deliverDueWebhooks() themselves.
type Starter = () => void;
let starter: Starter | null = null;

export function registerWebhookWorker(start: Starter): void {
  starter = start;
}

export function kickWebhookWorker(): void {
  if (env().NODE_ENV === "test") return;
  if (starter) {
    starter();
    return;
  }
  void import("./worker").then((m) => m.startWebhookWorker());
}
