import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { offsetOf, type TableConfig, type TableParams } from "@/lib/table/search-params";
import { recommend, type Recommendation, type Signals } from "./recommend";
import { isUuid } from "@/lib/ids";

// The reviewer's queue: their items in open campaigns, priority first, each with the signals
// that support a decision and a deterministic recommendation.

export const queueTable: TableConfig = {
  sortable: ["priority", "subject", "entitlement", "campaign"],
  filterable: {
    status: ["OPEN", "DECIDED"],
    kind: ["HUMAN", "NHI", "AGENT"],
    privileged: ["YES", "NO"],
    campaign: "text",
  },
  defaultSort: [{ id: "priority", desc: true }],
  defaultSize: 50,
};

const ORDER: Record<string, string> = {
  priority: `ri.priority`,
  subject: `a."displayName"`,
  entitlement: `e.name`,
  campaign: `c.name`,
};

/** Sorts on NOT NULL columns leave out NULLS LAST, so the queue index's order serves them. */
const NOT_NULL = new Set(["priority", "subject", "campaign"]);

function whereOf(reviewerId: string, p: TableParams): Prisma.Sql {
  const w: Prisma.Sql[] = [
    Prisma.sql`ri."reviewerId" = ${reviewerId}::uuid`,
    Prisma.sql`c.status = 'ACTIVE'`,
    Prisma.sql`c."closedAt" IS NULL`,
  ];
  const status = p.filters.status ?? ["OPEN"];
  if (status.length === 1 && status[0] === "OPEN")
    w.push(Prisma.sql`ri.decision IS NULL AND (ri."grantId" IS NULL OR g.status = 'ACTIVE')`);
  if (status.length === 1 && status[0] === "DECIDED") w.push(Prisma.sql`ri.decision IS NOT NULL`);
  if (p.filters.kind) w.push(Prisma.sql`a.kind::text IN (${Prisma.join(p.filters.kind)})`);
  if (p.filters.privileged?.length === 1)
    w.push(
      p.filters.privileged[0] === "YES"
        ? Prisma.sql`coalesce(e.privileged, false)`
        : Prisma.sql`NOT coalesce(e.privileged, false)`,
    );
  if (p.filters.campaign) {
    // Compared as uuids (so the planner knows how many rows one campaign has); anything else matches nothing.
    const ids = p.filters.campaign.filter((id) => isUuid(id));
    w.push(
      ids.length
        ? Prisma.sql`ri."campaignId" IN (${Prisma.join(ids.map((id) => Prisma.sql`${id}::uuid`))})`
        : Prisma.sql`false`,
    );
  }
  if (p.q)
    w.push(
      Prisma.sql`(a."displayName" ILIKE ${`%${p.q}%`} OR e.name ILIKE ${`%${p.q}%`} OR r.name ILIKE ${`%${p.q}%`})`,
    );
  return Prisma.join(w, " AND ");
}

const FROM = Prisma.sql`FROM "ReviewItem" ri JOIN "Campaign" c ON c.id = ri."campaignId" JOIN "Actor" a ON a.id = ri."actorId"
  LEFT JOIN "Grant" g ON g.id = ri."grantId" LEFT JOIN "Entitlement" e ON e.id = ri."entitlementId" LEFT JOIN "Resource" r ON r.id = e."resourceId"`;

type Base = {
  id: string;
  campaignId: string;
  campaign: string;
  settings: { noBulkPrivileged?: boolean } | null;
  dueAt: Date;
  actorId: string;
  subject: string;
  kind: "HUMAN" | "NHI" | "AGENT";
  riskScore: number;
  grantId: string | null;
  entitlementId: string | null;
  entitlement: string | null;
  resourceId: string | null;
  resource: string | null;
  privileged: boolean;
  stage: number;
  assignedBy: string;
  priority: number;
  decision: string | null;
  reason: string | null;
  decidedAt: Date | null;
  source: string | null;
  grantedAt: Date | null;
  approvedBy: string | null;
  grantStatus: string | null;
};

type SignalRow = {
  id: string;
  lastUse: Date | null;
  teamSize: number | null;
  peersHolding: number | null;
  credentialAt: Date | null;
  maxAgeDays: number | null;
  accountableStatus: string | null;
  calls: number | null;
  denies: number | null;
};

export type QueueRow = Base & { signals: Signals; recommendation: Recommendation; bulkAllowed: boolean };

const days = (from: Date | null, now: Date) =>
  from ? Math.max(0, Math.floor((now.getTime() - from.getTime()) / 86_400_000)) : null;

export async function listMyQueue(reviewerId: string, p: TableParams, now = new Date()) {
  const where = whereOf(reviewerId, p);
  const order = Prisma.raw(
    [
      ...p.sort
        .filter((s) => ORDER[s.id])
        .map((s) => `${ORDER[s.id]} ${s.desc ? "DESC" : "ASC"}${NOT_NULL.has(s.id) ? "" : " NULLS LAST"}`),
      `ri."createdAt" ASC`,
      `ri.id ASC`,
    ].join(", "),
  );
  const { skip, take } = offsetOf(p);
  const [rows, [{ total }]] = await Promise.all([
    db.$queryRaw<Base[]>`
      SELECT ri.id::text, ri."campaignId"::text AS "campaignId", c.name AS campaign, c.settings, c."dueAt", ri."actorId"::text AS "actorId", a."displayName" AS subject, a.kind::text AS kind,
        a."riskScore", ri."grantId"::text AS "grantId", e.id::text AS "entitlementId", e.name AS entitlement, r.id::text AS "resourceId", r.name AS resource, coalesce(e.privileged, false) AS privileged,
        ri.stage, ri."assignedBy", ri.priority, ri.decision::text AS decision, ri.reason, ri."decidedAt",
        g.source::text AS source, g."grantedAt", g.status::text AS "grantStatus",
        (SELECT ap."displayName" FROM "Approval" x JOIN "Actor" ap ON ap.id = x."approverId" WHERE x."requestId" = g."requestId" AND x.decision = 'APPROVE' LIMIT 1) AS "approvedBy"
      ${FROM} WHERE ${where} ORDER BY ${order} LIMIT ${take} OFFSET ${skip}`,
    db.$queryRaw<Array<{ total: number }>>`SELECT count(*)::int AS total ${FROM} WHERE ${where}`,
  ]);
  const signals = rows.length ? await signalsFor(rows.map((r) => r.id)) : [];
  const byId = new Map(signals.map((s) => [s.id, s]));
  return {
    total,
    /** Start of the decision latency of this page's decisions. */
    shownAt: now.getTime(),
    rows: rows.map((r): QueueRow => {
      const s = byId.get(r.id);
      const sig: Signals = {
        kind: r.kind,
        privileged: r.privileged,
        daysSinceUse: days(s?.lastUse ?? null, now),
        grantedDaysAgo: days(r.grantedAt, now),
        grantSource: r.source,
        approvedBy: r.approvedBy,
        peerShare: s?.teamSize ? (s.peersHolding ?? 0) / s.teamSize : null,
        riskScore: r.riskScore,
        credentialAgeDays: days(s?.credentialAt ?? null, now),
        maxCredentialAgeDays: s?.maxAgeDays ?? null,
        accountableActive:
          s?.accountableStatus === null || s?.accountableStatus === undefined
            ? r.kind === "HUMAN"
              ? null
              : false
            : s.accountableStatus === "ACTIVE",
        toolCalls: s?.calls ?? null,
        denyRate: s?.calls ? (s.denies ?? 0) / s.calls : null,
      };
      return {
        ...r,
        signals: sig,
        recommendation: recommend(sig),
        bulkAllowed: !(r.privileged && (r.settings?.noBulkPrivileged ?? true)),
      };
    }),
  };
}

/**
 * The page's signals in three independent queries run side by side (last use; team and peers;
 * credentials, accountable person and agent activity), merged by item id. Use and activity come
 * from the decision records' roll-up (lib/explorer/access-use.ts, up to a minute behind).
 */
async function signalsFor(ids: string[]): Promise<SignalRow[]> {
  const [use, peers, rest] = await Promise.all([
    db.$queryRaw<Array<{ id: string; lastUse: Date | null }>>`
      SELECT ri.id::text,
        (SELECT max(u."lastAllowAt") FROM "AccessUse" u WHERE u."subjectId" = ri."actorId"::text
           AND u."resourceId" IN (e.id::text, e."resourceId"::text)) AS "lastUse"
      FROM "ReviewItem" ri LEFT JOIN "Entitlement" e ON e.id = ri."entitlementId" WHERE ri.id = ANY(${ids}::uuid[])`,
    db.$queryRaw<Array<{ id: string; teamSize: number | null; peersHolding: number | null }>>`
      WITH page AS (SELECT ri.id, ri."actorId", ri."entitlementId", a."teamId" FROM "ReviewItem" ri JOIN "Actor" a ON a.id = ri."actorId" WHERE ri.id = ANY(${ids}::uuid[])),
      teams AS (SELECT m."teamId", count(*)::int AS n FROM "Actor" m WHERE m."teamId" IN (SELECT "teamId" FROM page) GROUP BY 1)
      SELECT p.id::text, (t.n - 1) AS "teamSize",
        -- Per row, from the team's members (Actor.teamId index) to their grants: a join of all the
        -- page's teams with all its entitlements made the planner scan every Actor (106 → 15 ms).
        (SELECT count(DISTINCT g."actorId")::int FROM "Actor" m JOIN "Grant" g ON g."actorId" = m.id AND g.status = 'ACTIVE' AND g."entitlementId" = p."entitlementId"
          WHERE m."teamId" = p."teamId" AND m.id <> p."actorId") AS "peersHolding"
      FROM page p LEFT JOIN teams t ON t."teamId" = p."teamId"`,
    db.$queryRaw<Array<Omit<SignalRow, "lastUse" | "teamSize" | "peersHolding">>>`
      SELECT ri.id::text,
        (SELECT min(coalesce(cr."rotatedAt", cr."issuedAt")) FROM "Credential" cr WHERE a.kind = 'NHI' AND cr."actorId" = ri."actorId" AND cr."revokedAt" IS NULL) AS "credentialAt",
        (SELECT rp."maxAgeDays" FROM "RotationPolicy" rp WHERE np."actorId" IS NOT NULL AND (rp."nhiType" = np."nhiType" OR rp."nhiType" IS NULL) AND (rp.platform = np.platform OR rp.platform IS NULL)
           ORDER BY rp."nhiType" NULLS LAST, rp.platform NULLS LAST LIMIT 1) AS "maxAgeDays",
        coalesce(ow.status, sp.status)::text AS "accountableStatus",
        act.calls, act.denies
      FROM "ReviewItem" ri JOIN "Actor" a ON a.id = ri."actorId"
        LEFT JOIN "NhiProfile" np ON np."actorId" = ri."actorId" LEFT JOIN "Actor" ow ON ow.id = np."ownerId"
        LEFT JOIN "AgentProfile" ap ON ap."actorId" = ri."actorId" LEFT JOIN "Actor" sp ON sp.id = ap."sponsorId"
        LEFT JOIN LATERAL (
          SELECT COALESCE(sum(s.calls), 0)::int AS calls, COALESCE(sum(s.denies), 0)::int AS denies
          FROM "SubjectActivityDaily" s WHERE s."subjectId" = ri."actorId"::text
            AND s.day >= date_bin('1 day', now() - interval '30 days', TIMESTAMPTZ '2000-01-01 00:00:00+00')
        ) act ON a.kind = 'AGENT'
      WHERE ri.id = ANY(${ids}::uuid[])`,
  ]);
  const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((r) => [r.id, r]));
  const u = byId(use),
    p = byId(peers);
  return rest.map((r) => ({
    ...r,
    lastUse: u.get(r.id)?.lastUse ?? null,
    teamSize: p.get(r.id)?.teamSize ?? null,
    peersHolding: p.get(r.id)?.peersHolding ?? null,
  }));
}

/** My progress across open campaigns (decided / all of my items). */
export async function myProgress(reviewerId: string) {
  const [row] = await db.$queryRaw<Array<{ total: number; decided: number }>>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE ri.decision IS NOT NULL OR (ri."grantId" IS NOT NULL AND g.status <> 'ACTIVE'))::int AS decided
    FROM "ReviewItem" ri JOIN "Campaign" c ON c.id = ri."campaignId" LEFT JOIN "Grant" g ON g.id = ri."grantId"
    WHERE ri."reviewerId" = ${reviewerId}::uuid AND c.status = 'ACTIVE' AND c."closedAt" IS NULL`;
  return row;
}

/** Smaller entitlements on the same resource (REDUCE targets) for the page's grant items. */
export async function reduceOptions(resourceIds: string[]) {
  if (resourceIds.length === 0) return [];
  return db.entitlement.findMany({
    where: { resourceId: { in: resourceIds } },
    select: { id: true, name: true, resourceId: true, privileged: true },
    orderBy: { name: "asc" },
    take: 500,
  });
}

/** How many open items wait for this reviewer (the sidebar count), by the queue's own filter. */
export async function countOpenItems(reviewerId: string | null): Promise<number> {
  if (!reviewerId) return 0;
  const open: TableParams = { page: 1, size: 1, sort: [], q: "", filters: {}, cursor: null };
  const [{ total }] = await db.$queryRaw<
    Array<{ total: number }>
  >`SELECT count(*)::int AS total ${FROM} WHERE ${whereOf(reviewerId, open)}`;
  return total;
}
