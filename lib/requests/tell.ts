import type { Tx } from "@/lib/db";
import { notifyMany } from "@/lib/inbox/notify";
import { enqueueWebhook, type WebhookEvent } from "@/lib/webhooks/enqueue";

// Telling people and systems about a request: inbox messages to the people involved and a
// signed webhook, both in the caller's transaction (sent only if the change commits).

export type RequestFacts = {
  id: string;
  requesterId: string;
  subjectId: string;
  entitlementId: string;
  entitlementName: string;
  status: string;
};

export async function tellAboutRequest(
  tx: Tx,
  event: Extract<WebhookEvent, `request.${string}`>,
  r: RequestFacts,
  note: { title: string; body: string; recipients: string[] },
  extra: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  const link = `/requests/${r.id}`;
  await notifyMany(
    tx,
    [...new Set(note.recipients)].map((recipientId) => ({
      recipientId,
      kind: event,
      title: note.title,
      body: note.body,
      link,
    })),
  );
  await enqueueWebhook(tx, event, {
    requestId: r.id,
    requesterId: r.requesterId,
    subjectId: r.subjectId,
    entitlementId: r.entitlementId,
    entitlement: r.entitlementName,
    status: r.status,
    ...extra,
  });
}
