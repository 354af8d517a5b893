import type { Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { scheduleJob } from "@/lib/jobs/schedule";

import type { WebhookEvent } from "./events";

export type { WebhookEvent };

/**
 * Queues one delivery per active endpoint subscribed to the event, in the caller's transaction,
 * so an event is sent only if the change that caused it commits.
 */
export async function enqueueWebhook(
  tx: Tx,
  event: WebhookEvent,
  data: Prisma.InputJsonObject,
): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({
    where: { active: true, OR: [{ events: { has: event } }, { events: { has: "*" } }] },
    select: { id: true },
  });
  if (endpoints.length === 0) return 0;
  const payload = { event, at: new Date().toISOString(), data };
  await tx.webhookDelivery.createMany({ data: endpoints.map((e) => ({ endpointId: e.id, event, payload })) });
  // One pending delivery job at a time: it sends every due delivery when it runs.
  await scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "webhooks.deliver" });
  return endpoints.length;
}
