"use client";

import { usePathname } from "next/navigation";
import { LinkTabs } from "@/components/ui/tabs";

const TABS = [
  { href: "/ownership", label: "Claim queue" },
  { href: "/ownership/claims", label: "Claims" },
  { href: "/ownership/rotation", label: "Rotation" },
  { href: "/ownership/transfers", label: "Transfers" },
  { href: "/ownership/inbox", label: "Inbox" },
];

export function OwnershipTabs({ unread }: { unread: number }) {
  const pathname = usePathname();
  return (
    <LinkTabs
      tabs={TABS.map((t) => ({
        ...t,
        active: t.href === "/ownership" ? pathname === "/ownership" : pathname.startsWith(t.href),
        count: t.href === "/ownership/inbox" && unread > 0 ? unread : undefined,
      }))}
    />
  );
}
