import Link from "next/link";
import { Bell } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { listInbox } from "@/lib/inbox/queries";
import { markInboxReadAction } from "@/lib/inbox/actions";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { MarkRead } from "./mark-read";

export const metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requirePageUser("dashboard:view");
  const messages = user.actorId ? await listInbox(user.actorId, { take: 100 }) : [];
  const unread = messages.filter((m) => !m.readAt).length;
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Rotation reminders, claim decisions, hand-overs and succession for the identities you own."
        actions={unread > 0 ? <MarkRead all action={markInboxReadAction} /> : null}
      />
      {messages.length === 0 ? (
        <EmptyState icon={Bell} title="No messages">
          Reminders about credentials due for rotation, decisions on your claims and hand-overs to you arrive
          here. Teams can also receive them as webhooks (Settings → Webhooks).
        </EmptyState>
      ) : (
        <ul className="divide-y divide-zinc-200 rounded-lg border border-zinc-200 bg-white">
          {messages.map((m) => (
            <li
              key={m.id}
              className={`flex items-start justify-between gap-4 px-4 py-3 ${m.readAt ? "" : "bg-indigo-50/40"}`}
            >
              <div className="min-w-0">
                <div className="flex items-center gap-2">
                  {!m.readAt ? (
                    <span className="size-2 rounded-full bg-indigo-600" aria-label="unread" />
                  ) : null}
                  {m.link ? (
                    <Link href={m.link} className="font-medium text-zinc-900 hover:underline">
                      {m.title}
                    </Link>
                  ) : (
                    <span className="font-medium">{m.title}</span>
                  )}
                  <Badge>{m.kind}</Badge>
                </div>
                <p className="mt-0.5 text-sm text-zinc-600">{m.body}</p>
              </div>
              <div className="flex shrink-0 items-center gap-3 text-xs text-zinc-500">
                <TimeAgo date={m.createdAt} />
                {!m.readAt ? <MarkRead id={m.id} action={markInboxReadAction} /> : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
