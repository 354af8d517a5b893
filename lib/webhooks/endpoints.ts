import { db } from "@/lib/db";
import { Forbidden, NotFound } from "@/lib/errors";
import { newSecret } from "@/lib/crypto/tokens";
import { seal } from "@/lib/crypto/secret-box";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "@/lib/ownership/caller";
import type { EndpointInput } from "./schemas";
import { scheduleJob } from "@/lib/jobs/schedule";
import { assertWebhookTarget } from "./url-guard";

function assertAdmin(caller: Caller) {
  if (!caller.isAdmin) throw new Forbidden("Only a security admin can manage webhooks.");
}

/** Creates an endpoint; its signing secret is returned once and stored encrypted. */
export async function createWebhookEndpoint(
  caller: Caller,
  input: EndpointInput,
): Promise<{ id: string; secret: string }> {
  assertAdmin(caller);
  await assertWebhookTarget(input.url);
  const secret = newSecret("whsec", 24);
  return db.$transaction(async (tx) => {
    const endpoint = await tx.webhookEndpoint.create({
      data: { name: input.name, url: input.url, events: input.events, secretEnc: seal(secret) },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "webhook.created",
      target: `webhook:${endpoint.id}`,
      details: { name: input.name, url: input.url, events: input.events },
    });
    return { id: endpoint.id, secret };
  });
}

export async function setWebhookActive(caller: Caller, id: string, active: boolean): Promise<void> {
  assertAdmin(caller);
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.updateMany({ where: { id }, data: { active } });
    if (count !== 1) throw new NotFound("That webhook does not exist.");
    await appendLedger(tx, {
      actor: caller.ledger,
      action: active ? "webhook.enabled" : "webhook.disabled",
      target: `webhook:${id}`,
    });
  });
}

export async function deleteWebhookEndpoint(caller: Caller, id: string): Promise<void> {
  assertAdmin(caller);
  await db.$transaction(async (tx) => {
    const { count } = await tx.webhookEndpoint.deleteMany({ where: { id } });
    if (count !== 1) throw new NotFound("That webhook does not exist.");
    await appendLedger(tx, { actor: caller.ledger, action: "webhook.deleted", target: `webhook:${id}` });
  });
}

/** Queues a test delivery to one endpoint, so an admin can check their receiver and signature. */
export async function sendTestWebhook(caller: Caller, id: string): Promise<void> {
  assertAdmin(caller);
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id }, select: { id: true } });
  if (!endpoint) throw new NotFound("That webhook does not exist.");
  await db.$transaction(async (tx) => {
    await tx.webhookDelivery.create({
      data: {
        endpointId: id,
        event: "webhook.test",
        payload: {
          event: "webhook.test",
          at: new Date().toISOString(),
          data: { message: "Hello from Triad" },
        },
      },
    });
    await scheduleJob(tx, "webhooks.deliver", {}, { jobKey: "webhooks.deliver" });
  });
}

export async function listWebhookEndpoints() {
  return db.webhookEndpoint.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      url: true,
      events: true,
      active: true,
      createdAt: true,
      _count: { select: { deliveries: true } },
    },
  });
}

export async function listDeliveries(options: {
  endpointId?: string;
  status?: "PENDING" | "DELIVERED" | "FAILED";
  take?: number;
  cursor?: string;
}) {
  const take = Math.min(options.take ?? 50, 100);
  const rows = await db.webhookDelivery.findMany({
    where: {
      ...(options.endpointId ? { endpointId: options.endpointId } : {}),
      ...(options.status ? { status: options.status } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: take + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      event: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatusCode: true,
      lastError: true,
      createdAt: true,
      deliveredAt: true,
      endpoint: { select: { name: true } },
    },
  });
  return { rows: rows.slice(0, take), nextCursor: rows.length > take ? rows[take - 1].id : null };
}
