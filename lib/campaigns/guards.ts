import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";

// Auto-revocation guards: the deadline rule must never take away the last holder of a
// privileged (admin) entitlement, a break-glass account, or the last console admin.

import type { GuardHit } from "./schemas";

export { GUARD_TEXT, type GuardHit } from "./schemas";

/**
 * `subjects` is SQL yielding (actor_id uuid, grant_id uuid|null, entitlement_id uuid|null): the
 * rows the deadline rule would revoke or quarantine if nobody answered.
 */
export async function guardHits(tx: Tx, subjects: Prisma.Sql, limit = 50): Promise<GuardHit[]> {
  return tx.$queryRaw<GuardHit[]>`
    WITH s AS (${subjects}),
    hit AS (
      SELECT s.actor_id, s.grant_id, 'LAST_PRIVILEGED_HOLDER' AS guard, ent.name AS detail
      FROM s JOIN "Entitlement" ent ON ent.id = s.entitlement_id AND ent.privileged
      WHERE NOT EXISTS (
        SELECT 1 FROM "Grant" og WHERE og."entitlementId" = s.entitlement_id AND og.status = 'ACTIVE'
          AND og.id NOT IN (SELECT grant_id FROM s WHERE grant_id IS NOT NULL))
      UNION ALL
      SELECT s.actor_id, s.grant_id, 'BREAK_GLASS', a."displayName"
      FROM s JOIN "Actor" a ON a.id = s.actor_id
      WHERE 'break-glass' = ANY(a.tags) OR a."displayName" ILIKE '%break-glass%' OR a."displayName" ILIKE '%breakglass%'
      UNION ALL
      SELECT s.actor_id, s.grant_id, 'LAST_CONSOLE_ADMIN', u.email
      FROM s JOIN "User" u ON u."actorId" = s.actor_id AND 'ADMIN' = ANY(u.roles) AND u."disabledAt" IS NULL
      WHERE NOT EXISTS (
        SELECT 1 FROM "User" o WHERE 'ADMIN' = ANY(o.roles) AND o."disabledAt" IS NULL
          AND (o."actorId" IS NULL OR o."actorId" NOT IN (SELECT actor_id FROM s)))
    )
    SELECT DISTINCT ON (hit.actor_id, hit.grant_id, hit.guard) hit.actor_id::text AS "actorId", a."displayName" AS "actorName",
      hit.grant_id::text AS "grantId", hit.guard AS guard, hit.detail AS detail
    FROM hit JOIN "Actor" a ON a.id = hit.actor_id
    LIMIT ${limit}`;
}
