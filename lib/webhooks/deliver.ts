import { db } from "@/lib/db";
import { open } from "@/lib/crypto/secret-box";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { MAX_ATTEMPTS, SIGNATURE_HEADER, backoffMs, signPayload } from "./signature";
import { guardedLookup, refusedLiteral } from "./url-guard";

type DueRow = {
  id: string;
  endpointId: string;
  event: string;
  payload: unknown;
  attempts: number;
  url: string;
  secretEnc: string;
};

/**
 * Sends deliveries that are due. Rows are claimed with FOR UPDATE SKIP LOCKED and pushed a
 * minute ahead, so two workers (or two replicas) never send the same delivery at once.
 */
export async function deliverDueWebhooks(
  options: { limit?: number; now?: Date; timeoutMs?: number } = {},
): Promise<{ delivered: number; failed: number; retried: number }> {
  const now = options.now ?? new Date();
  const rows = await db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<DueRow[]>`
      SELECT d.id, d."endpointId", d.event, d.payload, d.attempts, e.url, e."secretEnc"
      FROM "WebhookDelivery" d JOIN "WebhookEndpoint" e ON e.id = d."endpointId"
      WHERE d.status = 'PENDING' AND d."nextAttemptAt" <= ${now} AND e.active
      ORDER BY d."nextAttemptAt" LIMIT ${options.limit ?? 50}
      FOR UPDATE OF d SKIP LOCKED`;
    if (due.length > 0) {
      await tx.webhookDelivery.updateMany({
        where: { id: { in: due.map((d) => d.id) } },
        data: { nextAttemptAt: new Date(now.getTime() + 60_000) },
      });
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
        data: {
          status: "DELIVERED",
          attempts,
          lastStatusCode: outcome.status,
          lastError: null,
          deliveredAt: new Date(),
        },
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

async function sendOne(
  row: DueRow,
  timeoutMs: number,
): Promise<{ ok: true; status: number } | { ok: false; status?: number; error: string }> {
  const body = JSON.stringify({ id: row.id, ...(row.payload as object) });
  try {
    const secret = open(row.secretEnc);
    const url = new URL(row.url);
    if (refusedLiteral(url)) return { ok: false, error: "refused: the URL points at a non-public address" };
    const status = await post(
      url,
      body,
      {
        "content-type": "application/json",
        "user-agent": "Triad-Webhooks/1",
        "x-triad-event": row.event,
        "x-triad-delivery": row.id,
        [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(Date.now() / 1000)),
      },
      timeoutMs,
    );
    if (status >= 200 && status < 300) return { ok: true, status };
    return { ok: false, status, error: `receiver answered HTTP ${status}` };
  } catch (error) {
    const message =
      error instanceof Error
        ? error.name === "TimeoutError"
          ? `no answer within ${timeoutMs} ms`
          : error.message
        : "delivery failed";
    return { ok: false, error: message };
  }
}

/**
 * One POST with node:http(s), whose DNS lookup refuses non-public addresses at connect time
 * (guardedLookup). Redirects are not followed (a 3xx is a failed delivery).
 */
function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        lookup: guardedLookup,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("error", (error) =>
      reject(
        error.name === "AbortError" ? Object.assign(new Error("timeout"), { name: "TimeoutError" }) : error,
      ),
    );
    req.end(body);
  });
}
