import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { offsetOf, toOrderBy, type TableConfig, type TableParams } from "@/lib/table/search-params";
import type { Prisma } from "@/lib/generated/prisma/client";
import { settingsOf } from "./generate";

export const campaignTable: TableConfig = {
  sortable: ["createdAt", "name", "dueAt"],
  filterable: {
    status: ["ACTIVE", "COMPLETED", "CANCELLED", "DRAFT"],
    type: ["HUMAN_ACCESS", "NHI_OWNERSHIP", "AGENT_PERMISSIONS"],
    remediation: ["UNRESOLVED"],
  },
  defaultSort: [{ id: "createdAt", desc: true }],
  defaultSize: 25,
};

export async function listCampaigns(p: TableParams) {
  const where: Prisma.CampaignWhereInput = {
    ...(p.filters.status && { status: { in: p.filters.status as never[] } }),
    ...(p.filters.type && { type: { in: p.filters.type as never[] } }),
    ...(p.q && { name: { contains: p.q, mode: "insensitive" as const } }),
    // Closed, but not complete: remediation the target system refused or cannot do.
    ...(p.filters.remediation && {
      AND: [
        { closedAt: { not: null }, status: "ACTIVE" as const },
        { items: { some: { remediation: { in: ["UNSUPPORTED", "FAILED"] } } } },
      ],
    }),
  };
  const orderBy = toOrderBy<Prisma.CampaignOrderByWithRelationInput>(
    p.sort,
    { createdAt: (d) => ({ createdAt: d }), name: (d) => ({ name: d }), dueAt: (d) => ({ dueAt: d }) },
    { id: "asc" },
  );
  const [rows, total] = await Promise.all([
    db.campaign.findMany({
      where,
      orderBy,
      ...offsetOf(p),
      select: {
        id: true,
        name: true,
        type: true,
        status: true,
        dueAt: true,
        launchedAt: true,
        closedAt: true,
        createdAt: true,
      },
    }),
    db.campaign.count({ where }),
  ]);
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await db.$queryRaw<Array<{ id: string; total: number; decided: number }>>`
        SELECT "campaignId"::text AS id, count(*)::int AS total, count(decision)::int AS decided FROM "ReviewItem" WHERE "campaignId" = ANY(${ids}::uuid[]) GROUP BY "campaignId"`
    : [];
  const byId = new Map(counts.map((c) => [c.id, c]));
  return {
    total,
    rows: rows.map((r) => ({
      ...r,
      items: byId.get(r.id)?.total ?? 0,
      decided: byId.get(r.id)?.decided ?? 0,
    })),
  };
}

export async function listDefinitions() {
  return db.campaignDefinition.findMany({
    orderBy: { createdAt: "desc" },
    take: 50,
    select: {
      id: true,
      name: true,
      type: true,
      reviewerStrategy: true,
      createdAt: true,
      _count: { select: { campaigns: true } },
    },
  });
}

/**
 * Everything the campaign page shows: header, progress, charts, reviewers, escalations,
 * remediation; null for an unknown or malformed id.
 */
export async function getCampaignOverview(id: string, now = new Date()) {
  if (!isUuid(id)) return null;
  const c = await db.campaign.findUnique({
    where: { id },
    select: {
      id: true,
      name: true,
      type: true,
      status: true,
      dueAt: true,
      launchedAt: true,
      closedAt: true,
      completedAt: true,
      settings: true,
      riskAcceptedReason: true,
      rerunOfId: true,
      createdAt: true,
    },
  });
  if (!c) return null;
  const [totals, byDecision, perReviewer, overTime, remediation, escalations] = await Promise.all([
    db.$queryRaw<Array<{ total: number; decided: number; auto: number; fast: number }>>`
      SELECT count(*)::int AS total, count(decision)::int AS decided, count(*) FILTER (WHERE "autoDecided")::int AS auto,
        count(*) FILTER (WHERE "batchSize" > 50 AND "latencyMs" IS NOT NULL AND "latencyMs"::float / "batchSize" < 2000)::int AS fast
      FROM "ReviewItem" WHERE "campaignId" = ${id}::uuid`,
    db.$queryRaw<Array<{ decision: string; n: number }>>`
      SELECT coalesce(decision::text, 'UNDECIDED') AS decision, count(*)::int AS n FROM "ReviewItem" WHERE "campaignId" = ${id}::uuid GROUP BY 1 ORDER BY 2 DESC`,
    db.$queryRaw<
      Array<{ reviewerId: string; name: string; total: number; decided: number; medianMs: number | null }>
    >`
      SELECT ri."reviewerId"::text AS "reviewerId", a."displayName" AS name, count(*)::int AS total, count(ri.decision)::int AS decided,
        (percentile_cont(0.5) WITHIN GROUP (ORDER BY ri."latencyMs"::float / greatest(ri."batchSize", 1)))::float AS "medianMs"
      FROM "ReviewItem" ri JOIN "Actor" a ON a.id = ri."reviewerId" WHERE ri."campaignId" = ${id}::uuid
      GROUP BY 1, 2 ORDER BY (count(*) - count(ri.decision)) DESC, 2 LIMIT 100`,
    db.$queryRaw<Array<{ day: string; n: number }>>`
      SELECT to_char(date_trunc('day', "decidedAt"), 'YYYY-MM-DD') AS day, count(*)::int AS n FROM "ReviewItem"
      WHERE "campaignId" = ${id}::uuid AND "decidedAt" IS NOT NULL GROUP BY 1 ORDER BY 1`,
    db.$queryRaw<Array<{ state: string; n: number }>>`
      SELECT remediation AS state, count(*)::int AS n FROM "ReviewItem" WHERE "campaignId" = ${id}::uuid AND remediation IS NOT NULL GROUP BY 1`,
    db.reviewItem.findMany({
      where: { campaignId: id, assignedBy: { in: ["ESCALATED", "DELEGATED"] } },
      take: 50,
      orderBy: { createdAt: "desc" },
      select: {
        id: true,
        assignedBy: true,
        decision: true,
        createdAt: true,
        actor: { select: { displayName: true } },
        reviewer: { select: { displayName: true } },
      },
    }),
  ]);
  let cumulative = 0;
  const total = totals[0].total;
  const completion = overTime.map((d) => ({
    day: d.day,
    pct: total ? Math.round(((cumulative += d.n) / total) * 1000) / 10 : 0,
  }));
  const overdue = c.dueAt < now && !c.closedAt ? perReviewer.filter((r) => r.decided < r.total) : [];
  return {
    campaign: { ...c, settings: settingsOf(c.settings) },
    totals: totals[0],
    byDecision,
    perReviewer,
    completion,
    remediation,
    escalations,
    overdue,
  };
}

/** Remediation that needs someone: pending, unsupported or failed. */
export async function listRemediation(campaignId: string) {
  return db.reviewItem.findMany({
    where: { campaignId, remediation: { in: ["PENDING", "UNSUPPORTED", "FAILED"] } },
    take: 100,
    orderBy: { remediationAt: "asc" },
    select: {
      id: true,
      remediation: true,
      decision: true,
      actor: { select: { displayName: true } },
      grant: {
        select: {
          entitlement: {
            select: {
              name: true,
              resource: { select: { name: true, owner: { select: { displayName: true } } } },
            },
          },
        },
      },
    },
  });
}

/** People who can act as reviewers: linked to an active console account. */
export async function listConsoleReviewers() {
  return db.actor.findMany({
    where: { kind: "HUMAN", status: "ACTIVE", user: { is: { disabledAt: null } } },
    orderBy: { displayName: "asc" },
    take: 500,
    select: { id: true, displayName: true },
  });
}

export async function listScopeResources() {
  return db.resource.findMany({ orderBy: { name: "asc" }, take: 500, select: { id: true, name: true } });
}

/** Removals in target systems that this resource owner must confirm. */
export async function listMyRemediation(ownerId: string) {
  return db.reviewItem.findMany({
    where: {
      remediation: { in: ["PENDING", "FAILED"] },
      grant: { entitlement: { resource: { ownerId } } },
      campaign: { status: "ACTIVE" },
    },
    take: 50,
    orderBy: { remediationAt: "asc" },
    select: {
      id: true,
      remediation: true,
      actor: { select: { displayName: true } },
      campaign: { select: { name: true } },
      grant: { select: { entitlement: { select: { name: true, resource: { select: { name: true } } } } } },
    },
  });
}
