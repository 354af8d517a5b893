import { db } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import type { GrantRow } from "./kinds";

// A grants CSV may set an entitlement's request settings, which on the entitlement page needs
// inventory:write: an import must not be the way around it. `privileged` is one of them: clearing
// it drops the resource owner's approval stage from every later request.
export const SETTINGS_COLUMNS = ["privileged", "max_duration_minutes", "security_sign_off"] as const;

/** The settings columns a file gives a value in (an empty cell changes nothing). */
export function settingsColumnsUsed(rows: readonly GrantRow[]): string[] {
  return SETTINGS_COLUMNS.filter((c) => rows.some((r) => r[c] !== undefined));
}

/** Whether every one of these users (read now, not from a session) holds inventory:write. */
export async function mayChangeEntitlementSettings(userIds: readonly (string | null)[]): Promise<boolean> {
  if (!userIds.length || userIds.some((id) => id === null)) return false;
  const users = await db.user.findMany({
    where: { id: { in: userIds as string[] } },
    select: { roles: true, disabledAt: true },
  });
  return (
    users.length === new Set(userIds).size &&
    users.every((u) => !u.disabledAt && can(u.roles, "inventory:write"))
  );
}

export function settingsColumnsRefused(columns: readonly string[]): string {
  const many = columns.length > 1;
  return `${new Intl.ListFormat("en").format(columns)} ${many ? "change" : "changes"} an entitlement's request settings, which needs the inventory:write permission (as on the entitlement page). Leave ${many ? "these columns" : "this column"} out or empty, or ask a security admin to import the file.`;
}
