"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import {
  Bot,
  ClipboardCheck,
  FileCheck2,
  Gavel,
  Inbox,
  KeyRound,
  LayoutDashboard,
  ListChecks,
  Menu,
  ScrollText,
  Settings,
  ShieldCheck,
  Users,
  Waypoints,
  X,
  type LucideIcon,
} from "lucide-react";
import { cn } from "@/components/ui/cn";
import { isActive, type NavIcon, type NavLink } from "./nav";

const ICONS: Record<NavIcon, LucideIcon> = {
  dashboard: LayoutDashboard,
  inventory: Users,
  ownership: KeyRound,
  agents: Bot,
  proposals: Inbox,
  requests: Waypoints,
  campaigns: ClipboardCheck,
  reviews: ListChecks,
  policies: FileCheck2,
  decisions: Gavel,
  audit: ScrollText,
  settings: Settings,
};

function NavList({ items, onNavigate }: { items: NavLink[]; onNavigate?: () => void }) {
  const pathname = usePathname();
  return (
    <ul className="flex flex-col gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.icon];
        const active = isActive(item.href, pathname);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              onClick={onNavigate}
              aria-current={active ? "page" : undefined}
              className={cn(
                "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
                active ? "bg-zinc-800 text-white" : "text-zinc-400 hover:bg-zinc-800/60 hover:text-zinc-100",
              )}
            >
              <Icon
                className={cn("size-4 shrink-0", active ? "text-indigo-400" : "text-zinc-500")}
                aria-hidden
              />
              {item.label}
              {item.count ? (
                <span
                  className="ml-auto rounded-full bg-indigo-500 px-1.5 text-xs text-white tabular-nums"
                  aria-label={item.countLabel ?? `${item.count}`}
                >
                  {item.count > 99 ? "99+" : item.count}
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function Brand() {
  return (
    <Link href="/" className="flex items-center gap-2 px-3 text-white">
      <ShieldCheck className="size-6 text-indigo-400" aria-hidden />
      <span className="text-lg font-semibold tracking-tight">Triad</span>
    </Link>
  );
}

/** Dark sidebar on wide screens; a slide-over drawer behind a menu button on narrow ones. */
export function Sidebar({ items }: { items: NavLink[] }) {
  const [open, setOpen] = useState(false);

  return (
    <>
      <aside
        className="fixed inset-y-0 left-0 z-30 hidden w-60 flex-col bg-zinc-900 lg:flex"
        aria-label="Main navigation"
      >
        <div className="flex h-14 items-center border-b border-zinc-800 px-3">
          <Brand />
        </div>
        <nav className="flex-1 overflow-y-auto px-3 py-4">
          <NavList items={items} />
        </nav>
        <p className="border-t border-zinc-800 px-6 py-3 text-[11px] text-zinc-400">Humans · NHIs · Agents</p>
      </aside>

      <button
        type="button"
        onClick={() => setOpen(true)}
        className="fixed top-3 left-3 z-40 inline-flex size-8 items-center justify-center rounded-md text-zinc-700 hover:bg-zinc-100 lg:hidden"
        aria-label="Open navigation"
        aria-expanded={open}
      >
        <Menu className="size-5" />
      </button>
      {open ? (
        <div
          className="fixed inset-0 z-50 lg:hidden"
          role="dialog"
          aria-modal="true"
          aria-label="Navigation"
          onKeyDown={(e) => e.key === "Escape" && setOpen(false)}
        >
          <div className="absolute inset-0 bg-zinc-950/50" onClick={() => setOpen(false)} />
          <aside className="animate-fade-in relative flex h-full w-64 flex-col bg-zinc-900 shadow-xl">
            <div className="flex h-14 items-center justify-between border-b border-zinc-800 px-3">
              <Brand />
              <button
                type="button"
                onClick={() => setOpen(false)}
                className="rounded p-1 text-zinc-400 hover:bg-zinc-800 hover:text-white"
                aria-label="Close navigation"
              >
                <X className="size-5" />
              </button>
            </div>
            <nav className="flex-1 overflow-y-auto px-3 py-4">
              <NavList items={items} onNavigate={() => setOpen(false)} />
            </nav>
          </aside>
        </div>
      ) : null}
    </>
  );
}
