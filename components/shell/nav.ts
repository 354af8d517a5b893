import type { Permission } from "@/lib/auth/permissions";

export type NavIcon =
  | "dashboard"
  | "inventory"
  | "ownership"
  | "agents"
  | "proposals"
  | "requests"
  | "campaigns"
  | "reviews"
  | "policies"
  | "decisions"
  | "audit"
  | "settings";

export type NavItem = { href: string; label: string; icon: NavIcon; anyOf: readonly Permission[] };

/** The console's sections; an entry shows when the user holds any of its permissions. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "My work", icon: "dashboard", anyOf: ["dashboard:view"] },
  { href: "/inventory", label: "Inventory", icon: "inventory", anyOf: ["inventory:read"] },
  {
    href: "/ownership",
    label: "Ownership",
    icon: "ownership",
    anyOf: ["ownership:claim", "ownership:approve", "nhi:rotate", "ownership:transfer"],
  },
  { href: "/agents", label: "Agents", icon: "agents", anyOf: ["agents:sponsor"] },
  { href: "/proposals", label: "Proposals", icon: "proposals", anyOf: ["agents:sponsor"] },
  { href: "/requests", label: "Requests", icon: "requests", anyOf: ["requests:create", "requests:approve"] },
  { href: "/campaigns", label: "Campaigns", icon: "campaigns", anyOf: ["campaigns:manage", "audit:read"] },
  { href: "/reviews", label: "Reviews", icon: "reviews", anyOf: ["campaigns:review"] },
  { href: "/policies", label: "Policies", icon: "policies", anyOf: ["policy:read", "policy:write"] },
  { href: "/decisions", label: "Decisions", icon: "decisions", anyOf: ["decisions:read"] },
  { href: "/audit", label: "Audit", icon: "audit", anyOf: ["audit:read"] },
  { href: "/settings", label: "Settings", icon: "settings", anyOf: ["settings:manage"] },
];

export type NavLink = Pick<NavItem, "href" | "label" | "icon"> & { count?: number; countLabel?: string };

/** `counts` by href (e.g. pending proposals); a section with a count shows even without its permission. */
export function navFor(can: (p: Permission) => boolean, counts: Record<string, number> = {}): NavLink[] {
  return NAV_ITEMS.filter((item) => item.anyOf.some(can) || (counts[item.href] ?? 0) > 0).map(
    ({ href, label, icon }) => ({ href, label, icon, ...(counts[href] ? { count: counts[href] } : {}) }),
  );
}

/** Is `pathname` inside the section `href`? ("/" only matches itself.) */
export function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
