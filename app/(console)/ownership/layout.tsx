import type { ReactNode } from "react";
import { requirePageUser } from "@/lib/auth/session";
import { countUnread } from "@/lib/inbox/queries";
import { OwnershipTabs } from "./_components/ownership-tabs";

export default async function OwnershipLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser("dashboard:view");
  const unread = user.actorId ? await countUnread(user.actorId) : 0;
  return (
    <>
      <OwnershipTabs unread={unread} />
      {children}
    </>
  );
}
