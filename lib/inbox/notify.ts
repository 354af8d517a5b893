import type { Tx } from "@/lib/db";

export type InboxNote = { kind: string; title: string; body: string; link?: string | null };

/** Puts a message in a person's in-app inbox, inside the caller's transaction. */
export async function notify(tx: Tx, recipientId: string | null | undefined, note: InboxNote): Promise<void> {
  if (!recipientId) return;
  await tx.inboxMessage.create({
    data: { recipientId, kind: note.kind, title: note.title, body: note.body, link: note.link ?? null },
  });
}

export async function notifyMany(tx: Tx, notes: Array<InboxNote & { recipientId: string }>): Promise<void> {
  if (notes.length === 0) return;
  await tx.inboxMessage.createMany({
    data: notes.map((n) => ({
      recipientId: n.recipientId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
    })),
  });
}
