import { db } from "@/lib/db";
import { open } from "@/lib/crypto/secret-box";
import { MAX_ATTEMPTS, SIGNATURE_HEADER, backoffMs, signPayload } from "./signature";

type DueRow = { id: string; endpointId: string; event: string; payload: unknown; attempts: number; url: string; secretEnc: string };

/**
 * Sends deliveries that are due. Rows are claimed with FOR UPDATE SKIP LOCKED and pushed a
 * minute ahead, so two workers (or two replicas) never send the same delivery at once.
 */
export async function deliverDueWebhooks(options: { limit?: number; now?: Date; timeoutMs?: number } = {}): Promise<{ delivered: number; failed: number; retried: number }> {
  const now = options.now ?? new Date();
  const rows = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueRow[]>`
      SELECT d.id, d."endpointId", d.event, d.payload, d.attempts, e.url, e."secretEnc"
      FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= ${now} AND e.active
      ORDER BY d."nextAttemptAt" LIMIT ${options.limit ?? 50}
      FOR UPDATE OF d SKIP LOCKED`;
    if (due.length > 0) {
      await tx.webhookDelivery.updateMany({ where: { id: { in: due.map((d) => d.id) } }, data: { nextAttemptAt: new Date(now.getTime() + 60_000) } });
    }
    return due;
  });
  const tally = { delivered: 0, failed: 0, retried: 0 };
  for (const row of rows) {
    const outcome = await sendOne(row, options.timeoutMs ?? 5_000);
    const attempts = row.attempts + 1;
    if (outcome.ok) {
      tally.delivered++;
      await db.webhookDelivery.update({
        where: { id: row.id },
        data: { status: "DELIVERED", attempts, lastStatusCode: outcome.status, lastError: null, deliveredAt: new Date() },
      });
    } else {
      const giveUp = attempts >= MAX_ATTEMPTS;
      if (giveUp) tally.failed++;
      else tally.retried++;
      await db.webhookDelivery.update({
        where: { id: row.id },
        data: {
          status: giveUp ? "FAILED" : "PENDING",
          attempts,
          lastStatusCode: outcome.status ?? null,
          lastError: outcome.error.slice(0, 500),
          nextAttemptAt: new Date(Date.now() + backoffMs(attempts)),
        },
      });
    }
  }
  return tally;
}

async function sendOne(row: DueRow, timeoutMs: number): Promise<{ ok: true; status: number } | { ok: false; status?: number; error: string }> {
  const body = JSON.stringify({ id: row.id, ...(row.payload as object) });
  try {
    const secret = open(row.secretEnc);
    const response = await fetch(row.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Triad-Webhooks/1",
        "x-triad-event": row.event,
        "x-triad-delivery": row.id,
        [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(Date.now() / 1000)),
      },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, status: response.status, error: `receiver answered HTTP ${response.status}` };
  } catch (error) {
    const message = error instanceof Error ? (error.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : error.message) : "delivery failed";
    return { ok: false, error: message };
  }
}
