import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";

// The receiver runs on 127.0.0.1, which webhook URLs may only use with this setting.
vi.hoisted(() => {
  process.env.TRIAD_WEBHOOK_ALLOW_PRIVATE = "true";
});
import { markRotated, recomputeRotationDue, setRotationPolicy } from "@/lib/rotation/mutations";
import { sendRotationReminders } from "@/lib/rotation/reminders";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { verifySignature } from "@/lib/webhooks/signature";
import { callerFor, makeNhi, makePerson } from "./ownership-support";

const DAY = 86_400_000;
type Received = { headers: IncomingMessage["headers"]; body: string };
const received: Received[] = [];
let failNext = 0;
let server: Server;
let url = "";

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      if (failNext > 0) {
        failNext--;
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("rotation", () => {
  it("computes due dates from the most specific policy and moves them on 'mark rotated'", async () => {
    const admin = callerFor(null, true);
    const owner = await makePerson();
    const platform = `plat-${Date.now()}`;
    const nhi = await makeNhi({
      ownerId: owner.id,
      platform,
      lastRotatedAt: new Date(Date.now() - 40 * DAY),
    });
    await setRotationPolicy(admin, { nhiType: "SERVICE_ACCOUNT", platform, maxAgeDays: 30 });
    const before = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } });
    expect(before.rotationDueAt!.getTime()).toBeLessThan(Date.now()); // 40 days old, max 30: overdue
    await expect(
      setRotationPolicy(callerFor(owner.id), { nhiType: null, platform: null, maxAgeDays: 1 }),
    ).rejects.toThrow(/security admin/);

    await db.credential.create({
      data: { actorId: nhi.id, kind: "STATIC_KEY", label: "main", fingerprint: "SHA256:old0:old0" },
    });
    await expect(
      markRotated(callerFor((await makePerson()).id), { actorId: nhi.id, fingerprint: "SHA256:1111:2222" }),
    ).rejects.toThrow(/do not own/);
    await expect(
      markRotated(callerFor(owner.id), { actorId: nhi.id, fingerprint: "SHA256:old0:old0" }),
    ).rejects.toThrow(/belongs to the credential being replaced/);
    const { dueAt } = await markRotated(callerFor(owner.id), {
      actorId: nhi.id,
      fingerprint: "SHA256:1111:2222",
    });
    expect(Math.round((dueAt.getTime() - Date.now()) / DAY)).toBe(30);
    const after = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } });
    expect(after.lastRotatedById).toBe(owner.id);
    const creds = await db.credential.findMany({ where: { actorId: nhi.id }, orderBy: { issuedAt: "asc" } });
    expect(creds[0]).toMatchObject({ fingerprint: "SHA256:old0:old0", replacedById: creds[1].id });
    expect(creds[0].revokedAt).toBeInstanceOf(Date);
    expect(await db.revocation.count({ where: { actorId: nhi.id, method: "ROTATION" } })).toBe(1);
    expect(await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: "nhi.rotated" } })).toBe(1);
    expect(await recomputeRotationDue(db, { onlyMissing: true })).toBeGreaterThanOrEqual(0);
  });
});

describe("reminders and webhooks", () => {
  it("reminds each owner once a day in the inbox and over a signed webhook, retrying with backoff", async () => {
    const { secret, id: endpointId } = await createWebhookEndpoint(callerFor(null, true), {
      name: "slack bridge",
      url,
      events: ["rotation.overdue", "rotation.due"],
    });
    const owner = await makePerson();
    await makeNhi({ ownerId: owner.id, rotationDueAt: new Date(Date.now() - DAY) });
    await makeNhi({ ownerId: owner.id, rotationDueAt: new Date(Date.now() + 3 * DAY) });
    await sendRotationReminders();
    await sendRotationReminders(); // same day: no second reminder
    const inbox = await db.inboxMessage.findMany({
      where: { recipientId: owner.id, kind: "rotation.reminder" },
    });
    expect(inbox).toHaveLength(1);
    expect(inbox[0].title).toMatch(/1 credential\(s\) overdue/);

    const mine = () => db.webhookDelivery.findMany({ where: { endpointId } });
    expect((await mine()).length).toBeGreaterThanOrEqual(1);
    failNext = 1;
    let tally = await deliverDueWebhooks();
    expect(tally.retried).toBeGreaterThanOrEqual(1);
    const retried = (await mine()).find((d) => d.attempts === 1)!;
    expect(retried).toMatchObject({ status: "PENDING", lastStatusCode: 503 });
    expect(retried.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    tally = await deliverDueWebhooks({ now: new Date(Date.now() + 60 * 60_000) });
    expect(tally.delivered).toBeGreaterThanOrEqual(1);
    const delivered = (await mine()).filter((d) => d.status === "DELIVERED");
    expect(delivered.length).toBeGreaterThanOrEqual(1);
    const hit = received.find(
      (r) => r.headers["x-triad-event"] === "rotation.overdue" && r.body.includes(owner.id),
    )!;
    expect(hit).toBeDefined();
    expect(
      verifySignature(
        secret,
        hit.body,
        String(hit.headers["x-triad-signature"]),
        Math.floor(Date.now() / 1000),
      ),
    ).toBe(true);
    expect(JSON.parse(hit.body)).toMatchObject({
      event: "rotation.overdue",
      data: { ownerId: owner.id, overdue: 1, dueWithin7Days: 1 },
    });
  });

  it("gives up after the last attempt and records why", async () => {
    const { id: endpointId } = await createWebhookEndpoint(callerFor(null, true), {
      name: "dead",
      url: "http://127.0.0.1:9/nothing",
      events: ["*"],
    });
    await db.webhookDelivery.create({
      data: { endpointId, event: "nhi.claimed", payload: { event: "nhi.claimed", data: {} }, attempts: 7 },
    });
    await deliverDueWebhooks({ timeoutMs: 1000 });
    const d = await db.webhookDelivery.findFirstOrThrow({ where: { endpointId } });
    expect(d.status).toBe("FAILED");
    expect(d.attempts).toBe(8);
    expect(d.lastError).toBeTruthy();
  });
});
