import { db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { settingsDiff, type EntitlementSettings } from "./entitlement-settings-schema";

/**
 * Sets an entitlement's request settings (privileged, own maximum duration, security sign-off)
 * and records what changed, before and after, in the same transaction. The row is locked first,
 * so two admins saving at once each record the diff against what the other wrote (NO KEY UPDATE:
 * requests and grants referencing it are not held up). Saving the
 * same values again writes nothing. The Entitlement trigger announces the change to every
 * process's caches.
 */
export async function updateEntitlementSettings(
  by: LedgerActor,
  input: EntitlementSettings & { entitlementId: string },
): Promise<{ changed: string[] }> {
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<(EntitlementSettings & { name: string; resourceId: string })[]>`
      SELECT name, "resourceId", privileged, "maxDurationMinutes", "securitySignOff"
      FROM "Entitlement" WHERE id = ${input.entitlementId}::uuid FOR NO KEY UPDATE`;
    if (!row) throw new NotFound("That entitlement does not exist.");
    const after: EntitlementSettings = {
      privileged: input.privileged,
      maxDurationMinutes: input.maxDurationMinutes,
      securitySignOff: input.securitySignOff,
    };
    const diff = settingsDiff(row, after);
    if (!diff.changed.length) return { changed: [] };
    await tx.entitlement.update({ where: { id: input.entitlementId }, data: after });
    await appendLedger(tx, {
      actor: by,
      action: "entitlement.settings_changed",
      target: target("entitlement", input.entitlementId),
      details: {
        entitlementId: input.entitlementId,
        entitlement: row.name,
        resourceId: row.resourceId,
        before: diff.before,
        after: diff.after,
      },
    });
    return { changed: diff.changed };
  });
}
