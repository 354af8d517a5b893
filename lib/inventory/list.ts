import { isStorableDate, isStorableText } from "@/lib/db/storable";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { BAND_RANGES, type RiskBand } from "@/lib/risk/score";
import {
  SORT_COLUMNS,
  VIEW_KIND,
  parseSort,
  type InventoryParams,
  type InventoryView,
  type SortSpec,
} from "./schemas";

// The inventory lists: one SQL query per page with whitelisted sort columns, filters that
// match the indexes, keyset paging when the sort allows it and counts that stay fast at 1M rows.

export const COUNT_CAP = 10_000;

export type InventoryRow = {
  id: string;
  kind: "HUMAN" | "NHI" | "AGENT";
  displayName: string;
  externalId: string;
  sourceSystem: string;
  status: string;
  environment: string;
  riskScore: number;
  teamName: string | null;
  flaggedAt: Date | null;
  createdAt: Date;
  lastSeenAt: Date | null;
  // human
  email: string | null;
  department: string | null;
  title: string | null;
  managerId: string | null;
  managerName: string | null;
  mfaEnrolled: boolean | null;
  employmentStatus: string | null;
  lastCertifiedAt: Date | null;
  // NHI
  nhiType: string | null;
  platform: string | null;
  ownerId: string | null;
  ownerName: string | null;
  claimStatus: string | null;
  lastRotatedAt: Date | null;
  rotationDueAt: Date | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  vendor: string | null;
  oauthScopes: string[] | null;
  // agent
  model: string | null;
  provider: string | null;
  runtime: string | null;
  sponsorId: string | null;
  sponsorName: string | null;
  autonomyLevel: string | null;
  toolCount: number | null;
  lastActiveAt: Date | null;
};

export type InventoryTotal = { value: number; kind: "exact" | "capped" | "estimate" };
export type InventoryPage = {
  rows: InventoryRow[];
  total: InventoryTotal;
  page: number;
  size: number;
  sort: SortSpec[];
  /** Keyset paging applies (single keyset-able sort and a total too large to page by offset). */
  keyset: boolean;
  /** Cursor of the next page in keyset mode. */
  nextCursor: string | null;
};

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** WHERE conditions for a view and its filters (shared by list, count and export). */
export function inventoryWhere(view: InventoryView, p: InventoryParams, now = new Date()): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  const kind = VIEW_KIND[view];
  if (kind) where.push(Prisma.sql`a.kind = ${kind}::"ActorKind"`);
  else if (p.kind.length) where.push(Prisma.sql`a.kind = ANY(${p.kind}::"ActorKind"[])`);
  if (p.status.length) where.push(Prisma.sql`a.status = ANY(${p.status}::"ActorStatus"[])`);
  if (p.env.length) where.push(Prisma.sql`a.environment = ANY(${p.env}::"Environment"[])`);
  if (p.risk.length) {
    const ors = (p.risk as RiskBand[]).map(
      (b) => Prisma.sql`a."riskScore" BETWEEN ${BAND_RANGES[b][0]} AND ${BAND_RANGES[b][1]}`,
    );
    where.push(Prisma.sql`(${Prisma.join(ors, " OR ")})`);
  }
  if (p.flagged) where.push(Prisma.sql`a."flaggedAt" IS NOT NULL`);
  if (p.q) {
    const like = `%${escapeLike(p.q)}%`;
    const byEmail =
      view === "all" || view === "humans"
        ? Prisma.sql` UNION ALL SELECT "actorId" FROM "HumanProfile" WHERE email ILIKE ${like}`
        : Prisma.empty;
    where.push(
      Prisma.sql`a.id IN (SELECT id FROM "Actor" WHERE "displayName" ILIKE ${like} OR "externalId" ILIKE ${like}${byEmail})`,
    );
  }
  const nhiOnly =
    view === "nhis" ||
    (view === "all" && (p.platform.length || p.claim.length || p.nhiType.length || p.overdue));
  if (view === "nhis" || nhiOnly) {
    if (p.platform.length) where.push(Prisma.sql`n.platform = ANY(${p.platform}::text[])`);
    if (p.claim.length) where.push(Prisma.sql`n."claimStatus" = ANY(${p.claim}::"ClaimStatus"[])`);
    if (p.nhiType.length) where.push(Prisma.sql`n."nhiType" = ANY(${p.nhiType}::"NhiType"[])`);
    if (p.overdue) where.push(Prisma.sql`n."rotationDueAt" < ${now}`);
  }
  if (p.noOwner) {
    if (view === "nhis") where.push(Prisma.sql`n."ownerId" IS NULL`);
    else if (view === "agents") where.push(Prisma.sql`g."sponsorId" IS NULL`);
    else if (view === "all")
      where.push(
        Prisma.sql`((a.kind = 'NHI' AND n."ownerId" IS NULL) OR (a.kind = 'AGENT' AND g."sponsorId" IS NULL))`,
      );
  }
  if (view === "agents" && p.autonomy.length)
    where.push(Prisma.sql`g."autonomyLevel" = ANY(${p.autonomy}::"AutonomyLevel"[])`);
  return where;
}

export function inventoryFrom(view: InventoryView): Prisma.Sql {
  if (view === "nhis") return Prisma.sql`"Actor" a JOIN "NhiProfile" n ON n."actorId" = a.id`;
  if (view === "humans") return Prisma.sql`"Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id`;
  if (view === "agents") return Prisma.sql`"Actor" a JOIN "AgentProfile" g ON g."actorId" = a.id`;
  return Prisma.sql`"Actor" a LEFT JOIN "NhiProfile" n ON n."actorId" = a.id LEFT JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "AgentProfile" g ON g."actorId" = a.id`;
}

const whereSql = (w: Prisma.Sql[]) =>
  w.length ? Prisma.sql`WHERE ${Prisma.join(w, " AND ")}` : Prisma.empty;

type Cursor = { v: string | number; id: string };
export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}
function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  try {
    const c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
    if (
      typeof c.id !== "string" ||
      // A uuid's shape, not just its alphabet: 36 dashes would reach PostgreSQL as a bad uuid.
      !isUuid(c.id) ||
      !["string", "number"].includes(typeof c.v)
    )
      return null;
    return c;
  } catch {
    return null;
  }
}

/**
 * The cursor's value as the sort column's type, or null (the list starts over) when it is not
 * one: a hand-edited cursor must not reach PostgreSQL as a bad date, a number that is not, or text
 * it cannot hold (NUL).
 */
function cursorAt(sortId: string, c: Cursor | null): { v: string | number | Date; id: string } | null {
  if (!c) return null;
  if (sortId === "riskScore") {
    // An int column: 1.5 or 3e9 would fail the comparison in PostgreSQL.
    const n = Number(c.v);
    return Number.isInteger(n) && Math.abs(n) <= 2_147_483_647 ? { v: n, id: c.id } : null;
  }
  if (sortId === "createdAt") {
    const at = new Date(String(c.v));
    return isStorableDate(at) ? { v: at, id: c.id } : null;
  }
  const text = String(c.v);
  return text.length <= 1000 && isStorableText(text) ? { v: text, id: c.id } : null;
}

const NOT_NULL = new Set<string>([
  "displayName",
  "externalId",
  "riskScore",
  "createdAt",
  "kind",
  "status",
  "environment",
  "platform",
  "nhiType",
  "claimStatus",
  "department",
  "email",
  "provider",
  "autonomyLevel",
]);

/**
 * With a search term the matches come from the trigram indexes (a few hundred rows): sort those.
 * `|| ''` / `+ 0` keep the same order but stop the planner from walking a million-row sort index
 * and filtering it against the matches (seconds when its match estimate is off).
 */
function orderSql(sort: SortSpec[], searching = false): Prisma.Sql {
  if (searching) {
    const parts = sort.map((s) => {
      const col = SORT_COLUMNS[s.id].sql;
      const expr =
        s.id === "riskScore"
          ? `(${col} + 0)`
          : s.id === "createdAt"
            ? `(${col} + interval '0')`
            : `(${col}::text || '')`;
      return Prisma.raw(
        `${s.id === "kind" || s.id === "status" || s.id === "environment" || s.id === "nhiType" || s.id === "claimStatus" || s.id === "autonomyLevel" ? col : expr} ${s.desc ? "DESC" : "ASC"} NULLS LAST`,
      );
    });
    parts.push(Prisma.raw(`a.id ${sort.length === 1 && sort[0].desc ? "DESC" : "ASC"}`));
    return Prisma.join(parts, ", ");
  }
  // NOT NULL columns get plain ASC/DESC so a (forward or backward) index scan can serve the order;
  // "DESC NULLS LAST" would not match a btree index even on a NOT NULL column.
  const parts = sort.map((s) =>
    Prisma.raw(
      `${SORT_COLUMNS[s.id].sql} ${s.desc ? "DESC" : "ASC"}${NOT_NULL.has(s.id) ? "" : " NULLS LAST"}`,
    ),
  );
  parts.push(Prisma.raw(`a.id ${sort.length === 1 && sort[0].desc ? "DESC" : "ASC"}`));
  return Prisma.join(parts, ", ");
}

const SELECT_COLUMNS = Prisma.sql`
  a.id, a.kind::text AS kind, a."displayName", a."externalId", a."sourceSystem", a.status::text AS status,
  a.environment::text AS environment, a."riskScore", t.name AS "teamName", a."flaggedAt", a."createdAt", a."lastSeenAt",
  h.email, h.department, h.title, h."managerId", m."displayName" AS "managerName", h."mfaEnrolled",
  h."employmentStatus"::text AS "employmentStatus", h."lastCertifiedAt",
  n."nhiType"::text AS "nhiType", n.platform, n."ownerId", o."displayName" AS "ownerName", n."claimStatus"::text AS "claimStatus",
  n."lastRotatedAt", n."rotationDueAt", n."expiresAt", n."lastUsedAt", n.vendor, n."oauthScopes",
  g.model, g.provider, g.runtime, g."sponsorId", s."displayName" AS "sponsorName", g."autonomyLevel"::text AS "autonomyLevel",
  cardinality(g."toolAllowList") AS "toolCount", g."lastActiveAt"`;

/** The ids of one page, in order: the part of a page's query whose plan decides its speed. */
function pageIdsSql(
  view: InventoryView,
  where: Prisma.Sql[],
  sort: SortSpec[],
  p: InventoryParams,
  offset: number,
): Prisma.Sql {
  // A kind's view filtered and sorted on Actor columns alone pages over Actor's own index: a deep
  // offset then walks index entries only, not one profile lookup per skipped row (page 200 of
  // the NHIs: ~10,000 lookups). The wide query still joins the profile for the page's rows.
  const from = VIEW_KIND[view] && actorOnly(where, sort) ? Prisma.sql`"Actor" a` : inventoryFrom(view);
  return Prisma.sql`SELECT a.id FROM ${from} ${whereSql(where)} ORDER BY ${orderSql(sort, (p.q ?? "").length >= 3)} LIMIT ${p.size} OFFSET ${offset}`;
}

const PROFILE_COLUMN = /\b[nhg]\.("|[a-z])/;
const actorOnly = (where: Prisma.Sql[], sort: SortSpec[]) =>
  where.every((w) => !PROFILE_COLUMN.test(w.sql)) &&
  sort.every((s) => !PROFILE_COLUMN.test(SORT_COLUMNS[s.id].sql));

/**
 * The plan of a page's id query, run once (npm run bench:inventory prints it so that a figure can
 * be reproduced): the scan that drives it and how many rows it walked for the page.
 */
export async function explainPage(view: InventoryView, p: InventoryParams, now = new Date()) {
  const sort = parseSort(p.sort, view);
  const offset = (p.page - 1) * p.size;
  type Node = {
    "Node Type": string;
    "Index Name"?: string;
    "Actual Rows": number;
    "Actual Loops": number;
    Plans?: Node[];
  };
  const [row] = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: Node; "Execution Time": number }] }[]>(
    Prisma.sql`EXPLAIN (ANALYZE, FORMAT JSON) ${pageIdsSql(view, inventoryWhere(view, p, now), sort, p, offset)}`,
  );
  const plan = row["QUERY PLAN"][0];
  // The first scan reached by following first children: the one whose order the page walks.
  let node = plan.Plan;
  while (node.Plans?.length && !/Scan/.test(node["Node Type"])) node = node.Plans[0];
  return {
    scan: `${node["Node Type"].replace(/ /g, "")}${node["Index Name"] ? `(${node["Index Name"]})` : ""}`,
    walked: Math.round(node["Actual Rows"] * node["Actual Loops"]),
    ms: plan["Execution Time"],
  };
}

/** One page of the inventory; `now` is injectable for tests. */
export async function listInventory(
  view: InventoryView,
  p: InventoryParams,
  now = new Date(),
): Promise<InventoryPage> {
  const sort = parseSort(p.sort, view);
  const where = inventoryWhere(view, p, now);
  const keyset = sort.length === 1 && SORT_COLUMNS[sort[0].id].keyset;
  const cursor = keyset ? cursorAt(sort[0].id, decodeCursor(p.cursor)) : null;
  const useCursor = cursor !== null;
  const pageWhere = [...where];
  if (cursor) {
    const col = Prisma.raw(SORT_COLUMNS[sort[0].id].sql);
    const v = cursor.v;
    pageWhere.push(
      sort[0].desc
        ? Prisma.sql`(${col}, a.id) < (${v}, ${cursor.id}::uuid)`
        : Prisma.sql`(${col}, a.id) > (${v}, ${cursor.id}::uuid)`,
    );
  }
  const offset = useCursor ? 0 : (p.page - 1) * p.size;
  // Page the ids first on the narrow join, then fetch the wide row for just those ids.
  const rowsSql = Prisma.sql`
    WITH page AS (
      SELECT a.id, row_number() OVER () AS ord FROM (${pageIdsSql(view, pageWhere, sort, p, offset)}) a
    )
    SELECT ${SELECT_COLUMNS}
    FROM page JOIN "Actor" a ON a.id = page.id
    LEFT JOIN "Team" t ON t.id = a."teamId"
    LEFT JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "Actor" m ON m.id = h."managerId"
    LEFT JOIN "NhiProfile" n ON n."actorId" = a.id LEFT JOIN "Actor" o ON o.id = n."ownerId"
    LEFT JOIN "AgentProfile" g ON g."actorId" = a.id LEFT JOIN "Actor" s ON s.id = g."sponsorId"
    ORDER BY page.ord`;
  const [rows, total] = await Promise.all([
    db.$queryRaw<InventoryRow[]>(rowsSql),
    countInventory(view, p, where),
  ]);
  const last = rows.at(-1);
  let nextCursor: string | null = null;
  if (keyset && last && rows.length === p.size) {
    const raw = last[sort[0].id as keyof InventoryRow];
    nextCursor = encodeCursor({
      v: raw instanceof Date ? raw.toISOString() : (raw as string | number),
      id: last.id,
    });
  }
  const rowsOut = rows.map((r) => ({ ...r, toolCount: r.toolCount === null ? null : Number(r.toolCount) }));
  return {
    rows: rowsOut,
    total,
    page: p.page,
    size: p.size,
    sort,
    keyset: keyset && (useCursor || total.kind !== "exact"),
    nextCursor,
  };
}

/**
 * Total for the pager. Unfiltered: the planner's row estimate (instant at any size).
 * Filtered: an exact count capped at COUNT_CAP + 1 rows, shown as "10,000+" beyond the cap.
 */
export async function countInventory(
  view: InventoryView,
  p: InventoryParams,
  where = inventoryWhere(view, p),
): Promise<InventoryTotal> {
  const kindOnly = where.length === (VIEW_KIND[view] ? 1 : 0);
  if (kindOnly) {
    const kind = VIEW_KIND[view];
    const estimate = await plannedRows(
      kind
        ? Prisma.sql`SELECT 1 FROM "Actor" WHERE kind = ${kind}::"ActorKind"`
        : Prisma.sql`SELECT 1 FROM "Actor"`,
    );
    if (estimate > COUNT_CAP) return { value: estimate, kind: "estimate" };
  }
  // NHI filters that live on the profile alone (platform, claim, type, overdue, no owner) are
  // counted on NhiProfile's own indexes, without joining a million actors.
  const profileOnly =
    view === "nhis" && !p.q && !p.status.length && !p.env.length && !p.risk.length && !p.flagged;
  const from = profileOnly ? Prisma.sql`"NhiProfile" n` : inventoryFrom(view);
  const conditions = profileOnly ? where.slice(1) : where;
  // Far beyond the cap, the planner says so in a millisecond, where counting 10,001 rows that
  // match filters on both sides of the Actor–profile join hashes both tables (about a second
  // at 1M NHIs, e.g. "overdue, in production"). The margin covers the planner's error on
  // independent filters; searches (trigram estimates are rough) are always counted.
  if (
    !p.q &&
    !kindOnly &&
    (await plannedRows(Prisma.sql`SELECT 1 FROM ${from} ${whereSql(conditions)}`)) >
      COUNT_CAP * ESTIMATE_MARGIN
  ) {
    return { value: COUNT_CAP, kind: "capped" };
  }
  const [{ n }] = await db.$queryRaw<{ n: bigint }[]>(
    Prisma.sql`SELECT count(*) AS n FROM (SELECT 1 FROM ${from} ${whereSql(conditions)} LIMIT ${COUNT_CAP + 1}) s`,
  );
  const value = Number(n);
  return value > COUNT_CAP ? { value: COUNT_CAP, kind: "capped" } : { value, kind: "exact" };
}

const ESTIMATE_MARGIN = 5;

async function plannedRows(query: Prisma.Sql): Promise<number> {
  const plan = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>(
    Prisma.sql`EXPLAIN (FORMAT JSON) ${query}`,
  );
  return Math.round(plan[0]["QUERY PLAN"][0].Plan["Plan Rows"]);
}

/** Distinct NHI platforms for the platform facet (a loose index scan: fast at 1M rows). */
export async function listPlatforms(): Promise<string[]> {
  const rows = await db.$queryRaw<{ platform: string }[]>`
    WITH RECURSIVE p AS (
      (SELECT platform FROM "NhiProfile" ORDER BY platform LIMIT 1)
      UNION ALL
      SELECT (SELECT platform FROM "NhiProfile" WHERE platform > p.platform ORDER BY platform LIMIT 1) FROM p WHERE p.platform IS NOT NULL
    ) SELECT platform FROM p WHERE platform IS NOT NULL LIMIT 200`;
  return rows.map((r) => r.platform);
}

export { parseSort };
