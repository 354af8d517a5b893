import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import type { TableParams } from "@/lib/table/search-params";
import { HOLDER_CAP, HOLDER_TOTAL_CAP, NO_HOLDERS, type Holders } from "./holders";
import { isUuid } from "@/lib/ids";

// Resources and entitlements: lists, detail, who holds each entitlement with a kind breakdown.

export const resourceTable = {
  sortable: ["name", "kind", "sensitivity", "environment", "createdAt"],
  filterable: {
    kind: ["APPLICATION", "DATASET", "API", "TOOL", "INFRASTRUCTURE"],
    sensitivity: ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"],
    environment: ["PRODUCTION", "STAGING", "DEVELOPMENT", "SANDBOX"],
  },
  defaultSort: [{ id: "name", desc: false }],
  defaultSize: 50,
} as const;

export const entitlementTable = {
  sortable: ["name", "createdAt"],
  filterable: { privileged: ["true", "false"] },
  defaultSort: [{ id: "name", desc: false }],
  defaultSize: 50,
} as const;

export async function listResources(p: TableParams) {
  const where: Prisma.ResourceWhereInput = {
    ...(p.q
      ? {
          OR: [
            { name: { contains: p.q, mode: "insensitive" } },
            { externalId: { contains: p.q, mode: "insensitive" } },
          ],
        }
      : {}),
    ...(p.filters.kind ? { kind: { in: p.filters.kind as Prisma.EnumResourceKindFilter["in"] } } : {}),
    ...(p.filters.sensitivity
      ? { sensitivity: { in: p.filters.sensitivity as Prisma.EnumSensitivityFilter["in"] } }
      : {}),
    ...(p.filters.environment
      ? { environment: { in: p.filters.environment as Prisma.EnumEnvironmentFilter["in"] } }
      : {}),
  };
  const orderBy = [
    ...p.sort.map((s) => ({ [s.id]: s.desc ? "desc" : "asc" }) as Prisma.ResourceOrderByWithRelationInput),
    { id: "asc" as const },
  ];
  const [rows, total] = await Promise.all([
    db.resource.findMany({
      where,
      orderBy,
      skip: (p.page - 1) * p.size,
      take: p.size,
      select: {
        id: true,
        name: true,
        kind: true,
        sensitivity: true,
        environment: true,
        sourceSystem: true,
        externalId: true,
        createdAt: true,
        owner: { select: { id: true, displayName: true } },
        _count: { select: { entitlements: true } },
      },
    }),
    db.resource.count({ where }),
  ]);
  const privileged = rows.length
    ? await db.entitlement.groupBy({
        by: ["resourceId"],
        where: { resourceId: { in: rows.map((r) => r.id) }, privileged: true },
        _count: { _all: true },
      })
    : [];
  const privBy = new Map(privileged.map((x) => [x.resourceId, x._count._all]));
  return {
    rows: rows.map((r) => ({
      ...r,
      entitlementCount: r._count.entitlements,
      privilegedCount: privBy.get(r.id) ?? 0,
    })),
    total,
  };
}

/** Active holders per entitlement by actor kind, counted up to HOLDER_CAP + 1 grants each. */
async function holderBreakdown(entitlementIds: string[]): Promise<Map<string, Holders>> {
  const out = new Map<string, Holders>();
  if (!entitlementIds.length) return out;
  const rows = await db.$queryRaw<{ entitlementId: string; kind: string; n: bigint }[]>(Prisma.sql`
    SELECT e.id::text AS "entitlementId", h.kind, count(*) AS n
    FROM unnest(${entitlementIds}::uuid[]) AS e(id)
    CROSS JOIN LATERAL (
      SELECT a.kind::text AS kind FROM "Grant" g JOIN "Actor" a ON a.id = g."actorId"
      WHERE g."entitlementId" = e.id AND g.status = 'ACTIVE' LIMIT ${HOLDER_CAP + 1}
    ) h GROUP BY 1, 2`);
  for (const r of rows) {
    const h = out.get(r.entitlementId) ?? { ...NO_HOLDERS };
    if (r.kind === "HUMAN" || r.kind === "NHI" || r.kind === "AGENT") h[r.kind] = Number(r.n);
    h.total += Number(r.n);
    h.capped = h.total > HOLDER_CAP;
    out.set(r.entitlementId, h);
  }
  return out;
}

/** A resource with its entitlements and who holds them; null for an unknown or malformed id. */
export async function getResource(id: string) {
  if (!isUuid(id)) return null;
  const resource = await db.resource.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      kind: true,
      description: true,
      sensitivity: true,
      environment: true,
      sourceSystem: true,
      externalId: true,
      createdAt: true,
      owner: { select: { id: true, displayName: true } },
      entitlements: {
        orderBy: [{ privileged: "desc" }, { name: "asc" }],
        take: 500,
        select: { id: true, name: true, description: true, privileged: true },
      },
    },
  });
  if (!resource) return null;
  const breakdown = await holderBreakdown(resource.entitlements.map((e) => e.id));
  return {
    ...resource,
    entitlements: resource.entitlements.map((e) => ({ ...e, holders: breakdown.get(e.id) ?? NO_HOLDERS })),
  };
}

export async function listEntitlements(p: TableParams) {
  const where: Prisma.EntitlementWhereInput = {
    ...(p.q
      ? {
          OR: [
            { name: { contains: p.q, mode: "insensitive" } },
            { resource: { name: { contains: p.q, mode: "insensitive" } } },
          ],
        }
      : {}),
    ...(p.filters.privileged?.length === 1 ? { privileged: p.filters.privileged[0] === "true" } : {}),
  };
  const orderBy = [
    ...p.sort.map((s) => ({ [s.id]: s.desc ? "desc" : "asc" }) as Prisma.EntitlementOrderByWithRelationInput),
    { id: "asc" as const },
  ];
  const [rows, total] = await Promise.all([
    db.entitlement.findMany({
      where,
      orderBy,
      skip: (p.page - 1) * p.size,
      take: p.size,
      select: {
        id: true,
        name: true,
        privileged: true,
        createdAt: true,
        resource: { select: { id: true, name: true, kind: true } },
      },
    }),
    db.entitlement.count({ where }),
  ]);
  const breakdown = await holderBreakdown(rows.map((r) => r.id));
  return {
    rows: rows.map((r) => ({ ...r, holders: breakdown.get(r.id) ?? NO_HOLDERS })),
    total,
  };
}

/** An entitlement with a page of its holders; null for an unknown or malformed id. */
export async function getEntitlement(id: string, page = 1, size = 50) {
  if (!isUuid(id)) return null;
  const ent = await db.entitlement.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      description: true,
      privileged: true,
      maxDurationMinutes: true,
      securitySignOff: true,
      createdAt: true,
      resource: { select: { id: true, name: true, kind: true, sensitivity: true } },
    },
  });
  if (!ent) return null;
  const [holders, breakdown, total] = await Promise.all([
    db.grant.findMany({
      where: { entitlementId: id, status: "ACTIVE" },
      orderBy: [{ grantedAt: "desc" }, { id: "asc" }],
      skip: (page - 1) * size,
      take: size,
      select: {
        id: true,
        source: true,
        grantedAt: true,
        expiresAt: true,
        actor: { select: { id: true, kind: true, displayName: true, status: true, riskScore: true } },
      },
    }),
    holderBreakdown([id]),
    db.grant.count({ where: { entitlementId: id, status: "ACTIVE" }, take: HOLDER_TOTAL_CAP + 1 }),
  ]);
  return { ...ent, holders, total, breakdown: breakdown.get(id) ?? NO_HOLDERS };
}
