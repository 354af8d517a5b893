import { Prisma } from "@/lib/generated/prisma/client";
import { KIND_SHAPE, type CampaignSettings } from "./schemas";

// The in-scope subjects of a campaign and who reviews each, as one SQL query, so preview and
// launch see the same rows and generation is one INSERT … SELECT (no row-by-row loop).

const NO_ID = "00000000-0000-0000-0000-000000000000";
const uuidList = (ids: readonly string[]) => Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`));

function filters(s: CampaignSettings, grantBased: boolean): Prisma.Sql[] {
  const f = s.scope;
  const out: Prisma.Sql[] = [Prisma.sql`a.status <> 'RETIRED'`];
  if (f.kinds.length) out.push(Prisma.sql`a.kind::text IN (${Prisma.join(f.kinds)})`);
  if (f.departments.length) out.push(Prisma.sql`hp.department IN (${Prisma.join(f.departments)})`);
  if (f.platforms.length) out.push(Prisma.sql`np.platform IN (${Prisma.join(f.platforms)})`);
  if (grantBased) {
    out.push(Prisma.sql`g.status = 'ACTIVE'`);
    if (f.resourceIds.length) out.push(Prisma.sql`e."resourceId" IN (${uuidList(f.resourceIds)})`);
    if (f.privilegedOnly) out.push(Prisma.sql`e.privileged`);
    if (f.notReviewedDays)
      out.push(
        Prisma.sql`(g."lastCertifiedAt" IS NULL OR g."lastCertifiedAt" < now() - make_interval(days => ${f.notReviewedDays}::int))`,
      );
  } else if (f.notReviewedDays) {
    out.push(
      Prisma.sql`(np."lastAttestedAt" IS NULL OR np."lastAttestedAt" < now() - make_interval(days => ${f.notReviewedDays}::int))`,
    );
  }
  return out;
}

/** SQL for the strategy's reviewer of each subject (before self/active checks). */
function strategyReviewer(s: CampaignSettings): Prisma.Sql {
  switch (KIND_SHAPE[s.kind].strategy) {
    case "MANAGER":
      return Prisma.sql`hp."managerId"`;
    case "RESOURCE_OWNER":
      return Prisma.sql`r."ownerId"`;
    case "NHI_OWNER":
      return Prisma.sql`np."ownerId"`;
    case "SPONSOR":
      return Prisma.sql`ap."sponsorId"`;
  }
}

/**
 * Rows: actor_id, grant_id, entitlement_id, privileged, reviewer_id (null = nobody), assigned_by,
 * priority. Nobody reviews their own access: a reviewer equal to the subject (or, in manager and
 * resource-owner reviews, the NHI's owner or agent's sponsor) is rerouted to the fallback (then
 * the additional reviewer); an inactive or missing reviewer goes to the fallback.
 */
export function candidatesSql(s: CampaignSettings): Prisma.Sql {
  const grantBased = s.kind !== "NHI_OWNERSHIP";
  const first = s.stages[0].reviewers;
  const fallback = s.fallbackReviewerId;
  const additional = s.additionalReviewerId ?? NO_ID;
  const pick =
    first === "ADDITIONAL" && s.additionalReviewerId
      ? Prisma.sql`${s.additionalReviewerId}::uuid`
      : first === "FALLBACK"
        ? Prisma.sql`${fallback}::uuid`
        : strategyReviewer(s);
  const from = grantBased
    ? Prisma.sql`FROM "Grant" g JOIN "Actor" a ON a.id = g."actorId" JOIN "Entitlement" e ON e.id = g."entitlementId" JOIN "Resource" r ON r.id = e."resourceId"`
    : Prisma.sql`FROM "Actor" a JOIN "NhiProfile" np0 ON np0."actorId" = a.id`;
  const cols = grantBased
    ? Prisma.sql`g.id AS grant_id, g."entitlementId" AS entitlement_id, e.privileged, (g."lastCertifiedAt" IS NULL) AS never_reviewed`
    : Prisma.sql`NULL::uuid AS grant_id, NULL::uuid AS entitlement_id, false AS privileged, (np."lastAttestedAt" IS NULL) AS never_reviewed`;
  const where = filters(s, grantBased);
  if (!grantBased) where.push(Prisma.sql`a.kind = 'NHI'`);
  // An NHI's owners (and co-owners) or an agent's sponsor benefit from its access: in a review by manager or
  // resource owner they are rerouted like the subject itself. (Owner and sponsor reviews exist
  // to have exactly them attest.)
  const strategy = KIND_SHAPE[s.kind].strategy;
  const beneficiaries =
    strategy === "NHI_OWNER" || strategy === "SPONSOR"
      ? Prisma.sql`'{}'::uuid[]`
      : Prisma.sql`array_remove(ARRAY[np."ownerId", ap."sponsorId"], NULL) ||
          coalesce((SELECT array_agg(co."ownerId") FROM "NhiCoOwner" co WHERE co."actorId" = a.id), '{}'::uuid[])`;
  const base = Prisma.sql`
    SELECT a.id AS actor_id, ${cols}, a."riskScore" AS risk, ${pick} AS cand, ${beneficiaries} AS beneficiaries
    ${from}
    LEFT JOIN "HumanProfile" hp ON hp."actorId" = a.id
    LEFT JOIN "NhiProfile" np ON np."actorId" = a.id
    LEFT JOIN "AgentProfile" ap ON ap."actorId" = a.id
    WHERE ${Prisma.join(where, " AND ")}`;
  const primary = Prisma.sql`
    SELECT b.actor_id, b.grant_id, b.entitlement_id, b.privileged,
      CASE WHEN ca.id IS NOT NULL AND ca.id <> b.actor_id AND ca.id <> ALL(b.beneficiaries) THEN ca.id
           WHEN ${fallback}::uuid <> b.actor_id AND ${fallback}::uuid <> ALL(b.beneficiaries) THEN ${fallback}::uuid
           WHEN ${additional}::uuid <> ${NO_ID}::uuid AND ${additional}::uuid <> b.actor_id
             AND ${additional}::uuid <> ALL(b.beneficiaries) THEN ${additional}::uuid END AS reviewer_id,
      CASE WHEN ca.id IS NOT NULL AND ca.id <> b.actor_id AND ca.id <> ALL(b.beneficiaries) THEN 'STRATEGY'
           WHEN b.cand = b.actor_id OR b.cand = ANY(b.beneficiaries) THEN 'SELF_REVIEW_REROUTED' ELSE 'NO_REVIEWER' END AS assigned_by,
      (CASE WHEN b.privileged THEN 100 ELSE 0 END + CASE WHEN b.never_reviewed THEN 25 ELSE 0 END + LEAST(GREATEST(b.risk, 0), 100) / 4)::int AS priority
    FROM base b
    LEFT JOIN "Actor" ca ON ca.id = b.cand AND ca.kind = 'HUMAN' AND ca.status = 'ACTIVE'`;
  // The additional reviewer reviews an item only when they are a second person: not the
  // subject, and not already its first reviewer (one person must not satisfy "all must accept").
  const withAdditional =
    first === "STRATEGY_AND_ADDITIONAL" && s.additionalReviewerId
      ? Prisma.sql`, prim AS (${primary}) SELECT * FROM prim UNION ALL
        SELECT p.actor_id, p.grant_id, p.entitlement_id, p.privileged, ${s.additionalReviewerId}::uuid, 'ADDITIONAL', p.priority
        FROM prim p JOIN base b0 ON b0.actor_id = p.actor_id AND b0.grant_id IS NOT DISTINCT FROM p.grant_id
        WHERE p.actor_id <> ${s.additionalReviewerId}::uuid AND p.reviewer_id IS DISTINCT FROM ${s.additionalReviewerId}::uuid
          AND ${s.additionalReviewerId}::uuid <> ALL(b0.beneficiaries)`
      : Prisma.sql` ${primary}`;
  return Prisma.sql`WITH base AS (${base})${withAdditional}`;
}
