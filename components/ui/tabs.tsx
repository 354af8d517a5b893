import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type TabLink = { href: string; label: ReactNode; active?: boolean; count?: number };

/** Server-friendly tabs: each tab is a link (URL-driven state, e.g. ?tab=grants or a sub-route). */
export function LinkTabs({ tabs, className }: { tabs: TabLink[]; className?: string }) {
  return (
    <nav
      className={cn("mb-4 flex gap-1 overflow-x-auto border-b border-zinc-200", className)}
      aria-label="Tabs"
    >
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          scroll={false}
          aria-current={t.active ? "page" : undefined}
          className={cn(
            "-mb-px inline-flex items-center gap-1.5 border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
            t.active
              ? "border-indigo-600 text-indigo-700"
              : "border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800",
          )}
        >
          {t.label}
          {t.count !== undefined ? (
            <span className="rounded-full bg-zinc-100 px-1.5 text-xs text-zinc-600 tabular-nums">
              {t.count.toLocaleString("en-US")}
            </span>
          ) : null}
        </Link>
      ))}
    </nav>
  );
}
