import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createWebhookEndpoint, deleteWebhookEndpoint } from "@/lib/webhooks/endpoints";
import { deliverDueWebhooks } from "@/lib/webhooks/deliver";
import { seal } from "@/lib/crypto/secret-box";
import { callerFor } from "./ownership-support";

// TRIAD_WEBHOOK_ALLOW_PRIVATE is unset here: the default a deployment gets.
const admin = callerFor(null, true);

describe("webhook URLs cannot reach internal addresses", () => {
  it("refuses loopback, private and metadata targets when saved", async () => {
    for (const url of [
      "http://127.0.0.1:8080/hook",
      "http://localhost/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[::1]/hook",
      "http://10.0.0.5/hook",
      "http://[::ffff:7f00:1]/hook",
    ]) {
      await expect(
        createWebhookEndpoint(admin, { name: "internal", url, events: ["*"] }),
        url,
      ).rejects.toThrow(/loopback|private|metadata|resolve/);
    }
    // A public literal address is accepted (deleted at once: this test sends nothing anywhere).
    const ok = await createWebhookEndpoint(admin, {
      name: "public",
      url: "https://93.184.216.34/hook",
      events: ["*"],
    });
    await deleteWebhookEndpoint(admin, ok.id);
  });

  it("refuses at delivery a URL that resolves to an internal address (e.g. DNS changed after saving)", async () => {
    const endpoint = await db.webhookEndpoint.create({
      data: { name: "rebound", url: "http://localhost:9/hook", events: ["*"], secretEnc: seal("whsec_test") },
      select: { id: true },
    });
    const delivery = await db.webhookDelivery.create({
      data: { endpointId: endpoint.id, event: "webhook.test", payload: { event: "webhook.test" } },
      select: { id: true },
    });
    await deliverDueWebhooks({ timeoutMs: 1000 });
    const after = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(after.status).toBe("PENDING");
    expect(after.lastError).toMatch(/non-public/);
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { active: false } });
  });
});
