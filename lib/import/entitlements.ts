import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { settingsDiff } from "@/lib/inventory/entitlement-settings-schema";
import { settingsChangedEvent } from "@/lib/inventory/entitlement-settings";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { toText } from "./bulk";
import type { GrantRow } from "./kinds";

type Before = {
  id: string;
  name: string;
  resourceId: string;
  privileged: boolean;
  maxDurationMinutes: number | null;
  securitySignOff: boolean;
  newPrivileged: boolean;
  newMaxDurationMinutes: number | null;
  newSecuritySignOff: boolean;
};

/**
 * The entitlements a chunk of grant rows names: created with the file's settings, or changed
 * where the file says so. An empty `privileged`, `max_duration_minutes` or `security_sign_off`
 * leaves the setting as it is (a new entitlement: not privileged, the policy's maximum, no
 * sign-off); "default" = the request policy's maximum. Rows of one entitlement agree (validated
 * over the whole file), so chunks cannot disagree. Every change to an existing entitlement
 * becomes a ledger event with its before/after diff, like a change made on the entitlement page.
 */
export async function upsertEntitlements(
  tx: Tx,
  chunk: GrantRow[],
  by: LedgerActor,
  jobId: string,
): Promise<LedgerEvent[]> {
  const grouped = Prisma.sql`
    SELECT r.id AS rid, v.ent, bool_or(v.priv::boolean) AS priv, max(v.maxd) AS maxd, bool_or(v.sign::boolean) AS sign
    FROM unnest(${chunk.map((r) => r.resource_source_system)}::text[], ${chunk.map((r) => r.resource_external_id)}::text[],
      ${chunk.map((r) => r.entitlement)}::text[], ${chunk.map((r) => toText(r.privileged))}::text[],
      ${chunk.map((r) => (r.max_duration_minutes === null ? "default" : toText(r.max_duration_minutes)))}::text[],
      ${chunk.map((r) => toText(r.security_sign_off))}::text[]) AS v(rsrc, rext, ent, priv, maxd, sign)
    JOIN "Resource" r ON r."sourceSystem" = v.rsrc AND r."externalId" = v.rext
    GROUP BY r.id, v.ent`;
  await tx.$executeRaw(Prisma.sql`
    WITH v AS (${grouped})
    INSERT INTO "Entitlement" (id, "resourceId", name, privileged, "maxDurationMinutes", "securitySignOff")
    SELECT gen_random_uuid(), v.rid, v.ent, coalesce(v.priv, false), NULLIF(v.maxd, 'default')::int, coalesce(v.sign, false) FROM v
    ON CONFLICT ("resourceId", name) DO NOTHING`);
  // The same statement reads the old values (rows locked; NO KEY UPDATE, so requests and grants
  // that reference them are not held up for the import's transaction) and writes the new ones.
  const changed = await tx.$queryRaw<Before[]>(Prisma.sql`
    WITH v AS (${grouped}), old AS (
      SELECT e.id, e.name, e."resourceId", e.privileged, e."maxDurationMinutes", e."securitySignOff",
        coalesce(v.priv, e.privileged) AS "newPrivileged",
        CASE WHEN v.maxd IS NULL THEN e."maxDurationMinutes" ELSE NULLIF(v.maxd, 'default')::int END AS "newMaxDurationMinutes",
        coalesce(v.sign, e."securitySignOff") AS "newSecuritySignOff"
      FROM "Entitlement" e JOIN v ON e."resourceId" = v.rid AND e.name = v.ent
      ORDER BY e.id -- locked in one order: two imports sharing entitlements queue, never deadlock
      FOR NO KEY UPDATE OF e
    ), upd AS (
      UPDATE "Entitlement" t
      SET privileged = old."newPrivileged", "maxDurationMinutes" = old."newMaxDurationMinutes", "securitySignOff" = old."newSecuritySignOff"
      FROM old
      WHERE t.id = old.id AND (t.privileged, t."maxDurationMinutes", t."securitySignOff")
        IS DISTINCT FROM (old."newPrivileged", old."newMaxDurationMinutes", old."newSecuritySignOff")
      RETURNING t.id
    )
    SELECT old.* FROM old JOIN upd ON upd.id = old.id`);
  return changed.map((e) => {
    const diff = settingsDiff(e, {
      privileged: e.newPrivileged,
      maxDurationMinutes: e.newMaxDurationMinutes,
      securitySignOff: e.newSecuritySignOff,
    });
    return settingsChangedEvent(by, e, diff, { job: jobId });
  });
}
