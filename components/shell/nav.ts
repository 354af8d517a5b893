import type { Permission } from "@/lib/auth/permissions";

export type NavIcon = "dashboard" | "inventory" | "ownership" | "requests" | "campaigns" | "policies" | "decisions" | "audit" | "settings";

export type NavItem = { href: string; label: string; icon: NavIcon; anyOf: readonly Permission[] };

/** The console's sections; an entry shows when the user holds any of its permissions. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: "/", label: "Dashboard", icon: "dashboard", anyOf: ["dashboard:view"] },
  { href: "/inventory", label: "Inventory", icon: "inventory", anyOf: ["inventory:read"] },
  { href: "/ownership", label: "Ownership", icon: "ownership", anyOf: ["ownership:claim", "ownership:approve", "nhi:rotate", "ownership:transfer"] },
  { href: "/requests", label: "Requests", icon: "requests", anyOf: ["requests:create", "requests:approve"] },
  { href: "/campaigns", label: "Campaigns", icon: "campaigns", anyOf: ["campaigns:review", "campaigns:manage"] },
  { href: "/policies", label: "Policies", icon: "policies", anyOf: ["policy:read", "policy:write"] },
  { href: "/decisions", label: "Decisions", icon: "decisions", anyOf: ["decisions:read"] },
  { href: "/audit", label: "Audit", icon: "audit", anyOf: ["audit:read"] },
  { href: "/settings", label: "Settings", icon: "settings", anyOf: ["settings:manage"] },
];

export type NavLink = Pick<NavItem, "href" | "label" | "icon"> & { count?: number; countLabel?: string };

export function navFor(can: (p: Permission) => boolean): NavLink[] {
  return NAV_ITEMS.filter((item) => item.anyOf.some(can)).map(({ href, label, icon }) => ({ href, label, icon }));
}

/** Is `pathname` inside the section `href`? ("/" only matches itself.) */
export function isActive(href: string, pathname: string): boolean {
  if (href === "/") return pathname === "/";
  return pathname === href || pathname.startsWith(`${href}/`);
}
