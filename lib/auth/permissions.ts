import type { Role } from "@/lib/generated/prisma/enums";

// Console permissions are data: one typed table from role to what it may do. Anything not
// listed is refused, including unknown roles and unknown permissions.
export const PERMISSIONS = [
  "dashboard:view",
  "inventory:read",
  "inventory:write",
  "inventory:import",
  "inventory:export",
  "ownership:claim",
  "ownership:approve",
  "ownership:transfer",
  "nhi:rotate",
  "nhi:retire",
  "agents:sponsor",
  "requests:create",
  "requests:approve",
  "requests:break_glass",
  "campaigns:manage",
  "campaigns:review",
  "policy:read",
  "policy:write",
  "policy:activate",
  "decisions:read",
  "audit:read",
  "audit:verify",
  "audit:export",
  "settings:manage",
  "users:manage",
  "account:manage",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

// account:manage = one's own account (password); every signed-in user holds it.
const EVERYONE: Permission[] = ["dashboard:view", "inventory:read", "account:manage"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  MANAGER: [...EVERYONE, "requests:create", "requests:approve", "campaigns:review", "ownership:transfer"],
  SERVICE_OWNER: [
    ...EVERYONE,
    "inventory:export",
    "ownership:claim",
    "ownership:transfer",
    "nhi:rotate",
    "nhi:retire",
    "requests:create",
    "campaigns:review",
  ],
  AGENT_SPONSOR: [
    ...EVERYONE,
    "agents:sponsor",
    "ownership:transfer",
    "requests:create",
    "requests:approve",
    "campaigns:review",
  ],
  AUDITOR: [
    ...EVERYONE,
    "inventory:export",
    "policy:read",
    "decisions:read",
    "audit:read",
    "audit:verify",
    "audit:export",
  ],
};

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Security admin",
  MANAGER: "Manager",
  SERVICE_OWNER: "Service owner",
  AGENT_SPONSOR: "Agent sponsor",
  AUDITOR: "Auditor",
};

export function permissionsOf(roles: readonly string[]): Set<Permission> {
  const out = new Set<Permission>();
  for (const role of roles) {
    const granted = (ROLE_PERMISSIONS as Record<string, readonly Permission[] | undefined>)[role];
    if (!granted) continue;
    for (const p of granted) out.add(p);
  }
  return out;
}

export function can(roles: readonly string[], permission: string): boolean {
  return (
    (PERMISSIONS as readonly string[]).includes(permission) &&
    permissionsOf(roles).has(permission as Permission)
  );
}

// Roles that approve, certify or change policy must sign in with a second factor.
const MFA_PERMISSIONS: Permission[] = [
  "requests:approve",
  "campaigns:review",
  "policy:write",
  "policy:activate",
  "ownership:approve",
  "settings:manage",
];

export function requiresMfa(roles: readonly string[]): boolean {
  const held = permissionsOf(roles);
  return MFA_PERMISSIONS.some((p) => held.has(p));
}
