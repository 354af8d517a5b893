import { db } from "@/lib/db";
import { Conflict, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor, type LedgerEvent } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { settingsDiff, type EntitlementSettings } from "./entitlement-settings-schema";

/** The ledger entry of a change to an entitlement's settings (the console's or an import's). */
export function settingsChangedEvent(
  by: LedgerActor,
  e: { id: string; name: string; resourceId: string },
  diff: ReturnType<typeof settingsDiff>,
  extra: { job?: string } = {},
): LedgerEvent {
  return {
    actor: by,
    action: "entitlement.settings_changed",
    target: target("entitlement", e.id),
    details: {
      ...extra,
      entitlementId: e.id,
      entitlement: e.name,
      resourceId: e.resourceId,
      before: diff.before,
      after: diff.after,
    },
  };
}

const CHANGED_ELSEWHERE =
  "These access settings were changed by someone else since you opened them; reload the page to see their change, then save yours again.";

/**
 * Sets an entitlement's request settings (privileged, own maximum duration, security sign-off)
 * and records what changed, before and after, in the same transaction. Optimistic: the save
 * carries the settings the admin's form showed and applies only while the entitlement still has
 * them, so of two admins who opened the same settings the second save is refused (Conflict),
 * writing and ledgering nothing, instead of silently undoing the first. The row is locked (NO
 * KEY UPDATE: requests and grants referencing it are not held up) and the write repeats the
 * check in its `where`. Saving the values it already has writes nothing. The Entitlement
 * trigger announces the change to every process's caches.
 */
export async function updateEntitlementSettings(
  by: LedgerActor,
  input: { entitlementId: string; settings: EntitlementSettings; shown: EntitlementSettings },
): Promise<{ changed: string[] }> {
  const { entitlementId, settings: after, shown } = input;
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<(EntitlementSettings & { name: string; resourceId: string })[]>`
      SELECT name, "resourceId", privileged, "maxDurationMinutes", "securitySignOff"
      FROM "Entitlement" WHERE id = ${entitlementId}::uuid FOR NO KEY UPDATE`;
    if (!row) throw new NotFound("That entitlement does not exist.");
    if (settingsDiff(row, shown).changed.length) throw new Conflict(CHANGED_ELSEWHERE);
    const diff = settingsDiff(row, after);
    if (!diff.changed.length) return { changed: [] };
    const { count } = await tx.entitlement.updateMany({
      where: { id: entitlementId, ...shown },
      data: after,
    });
    if (count !== 1) throw new Conflict(CHANGED_ELSEWHERE);
    await appendLedger(tx, settingsChangedEvent(by, { id: entitlementId, ...row }, diff));
    return { changed: diff.changed };
  });
}
