import { db } from "@/lib/db";

export async function listInbox(recipientId: string, options: { unreadOnly?: boolean; take?: number } = {}) {
  return db.inboxMessage.findMany({
    where: { recipientId, ...(options.unreadOnly ? { readAt: null } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 50, 200),
    select: { id: true, kind: true, title: true, body: true, link: true, createdAt: true, readAt: true },
  });
}

export async function countUnread(recipientId: string): Promise<number> {
  return db.inboxMessage.count({ where: { recipientId, readAt: null } });
}

/** Marks messages read; the recipient is in the `where`, so a forged id changes nothing. */
export async function markRead(recipientId: string, ids: string[] | "all"): Promise<number> {
  const { count } = await db.inboxMessage.updateMany({
    where: { recipientId, readAt: null, ...(ids === "all" ? {} : { id: { in: ids } }) },
    data: { readAt: new Date() },
  });
  return count;
}
