import type { PoolClient } from "pg";
import { db } from "@/lib/db";
import { pool } from "@/lib/db/pool";
import { decodeCursor, encodeCursor, type DecisionFilter, type FilterField } from "./filter";
import { rollupSource } from "./rollup-daily";
import { filterSql, ROLLUP_FIELDS, rollupSql } from "./sql";
import { isUuid } from "@/lib/ids";

// Reads of the decision explorer. Every search is bounded by its window (partition pruning and
// the (at, seq) key) and by a statement timeout; timeline and facets read the hourly roll-up
// (and its daily fold for whole days of long windows, lib/explorer/rollup-daily.ts).

export const STATEMENT_TIMEOUT_MS = 5_000;
export const MAX_PAGE = 500;

/** Runs `work` in a read-only transaction with a statement timeout, on the lean pg pool. */
export async function readOnly<T>(
  work: (client: PoolClient) => Promise<T>,
  timeoutMs = STATEMENT_TIMEOUT_MS,
): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN READ ONLY");
    await client.query(`SET LOCAL statement_timeout = ${Math.max(100, Math.floor(timeoutMs))}`);
    const out = await work(client);
    await client.query("COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export type DecisionListRow = {
  seq: string;
  at: string;
  decision: "ALLOW" | "DENY" | "ERROR";
  subjectKind: string;
  subjectId: string | null;
  subjectName: string | null;
  subjectRef: string;
  onBehalfOfId: string | null;
  onBehalfOfName: string | null;
  action: string;
  resourceType: string;
  resourceId: string;
  policies: string[];
  policyVersion: string;
  clientName: string;
  reason: string;
  traceId: string | null;
};

export const LIST_COLUMNS = `d.seq::text AS seq, d.at, d.decision, d."subjectKind", d."subjectId", d."subjectName", d."subjectRef", d."onBehalfOfId",
  d.action, d."resourceType", d."resourceId", d.policies, d."policyVersion", d."clientName", d.reason, d."traceId"`;

type RawRow = Omit<DecisionListRow, "at" | "onBehalfOfName"> & { at: Date };

/** The on-behalf-of humans' names for a page: one lookup per page, not per row. */
async function oboNames(rows: RawRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((r) => r.onBehalfOfId).filter((id): id is string => !!id && isUuid(id)))];
  if (!ids.length) return new Map();
  const actors = await db.actor.findMany({
    where: { id: { in: ids } },
    select: { id: true, displayName: true },
  });
  return new Map(actors.map((a) => [a.id, a.displayName]));
}

/** One keyset page, newest first: ORDER BY (at, seq) DESC, the cursor is the last row's key. */
export async function listDecisions(
  filter: DecisionFilter,
  page: { cursor?: string | null; size?: number } = {},
): Promise<{ rows: DecisionListRow[]; nextCursor: string | null }> {
  return fetchPage(filter, decodeCursor(page.cursor), Math.min(Math.max(page.size ?? 50, 1), MAX_PAGE));
}

/** The page after `after` (exports use large pages; callers bound `size`). */
export async function fetchPage(
  filter: DecisionFilter,
  after: { at: Date; seq: bigint } | null,
  size: number,
): Promise<{ rows: DecisionListRow[]; nextCursor: string | null }> {
  const { where, values } = filterSql(filter);
  const keyset = after ? ` AND (d.at, d.seq) < ($${values.length + 1}, $${values.length + 2})` : "";
  const params = after ? [...values, after.at, after.seq.toString()] : values;
  const rows = await readOnly(
    async (c) =>
      (
        await c.query<RawRow>(
          `SELECT ${LIST_COLUMNS} FROM "DecisionRecord" d WHERE ${where}${keyset} ORDER BY d.at DESC, d.seq DESC LIMIT ${size + 1}`,
          params,
        )
      ).rows,
  );
  const pageRows = rows.slice(0, size);
  const last = pageRows[pageRows.length - 1];
  const names = await oboNames(pageRows);
  return {
    rows: pageRows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      onBehalfOfName: r.onBehalfOfId ? (names.get(r.onBehalfOfId) ?? null) : null,
    })),
    nextCursor: rows.length > size && last ? encodeCursor(last.at, last.seq) : null,
  };
}

export type TimelineBucket = { at: string; allow: number; deny: number; error: number };

/** Allows and denies per bucket (hour up to 2 days, 6 hours up to 8 days, else a day), from the roll-up. */
type TimelineRow = { bucket: Date; allow: string | null; deny: string | null; error: string | null };

/** Appends parameters after the ones a WHERE already uses. */
const paramsAfter = (values: unknown[]) => (v: unknown) => {
  values.push(v);
  return `$${values.length}`;
};

function timelineRows(filter: DecisionFilter, bucketHours: number): Promise<TimelineRow[]> {
  const { where, values } = rollupSql(filter);
  return readOnly(async (c) => {
    // Daily rows fit day buckets only.
    const from = await rollupSource(c, filter, bucketHours === 24, paramsAfter(values));
    return (
      await c.query<TimelineRow>(
        `SELECT date_bin('${bucketHours} hours', h.hour, TIMESTAMPTZ '2000-01-01') AS bucket,
           sum(h.count) FILTER (WHERE h.decision = 'ALLOW')::text AS allow,
           sum(h.count) FILTER (WHERE h.decision = 'DENY')::text AS deny,
           sum(h.count) FILTER (WHERE h.decision = 'ERROR')::text AS error
         FROM ${from} WHERE ${where} GROUP BY 1 ORDER BY 1`,
        values,
      )
    ).rows;
  });
}

export async function decisionTimeline(
  filter: DecisionFilter,
  now = new Date(),
): Promise<{ buckets: TimelineBucket[]; bucketHours: number; ignored: FilterField[] }> {
  const span = filter.to.getTime() - filter.from.getTime();
  const bucketHours = span <= 2 * 86_400_000 ? 1 : span <= 8 * 86_400_000 ? 6 : 24;
  const { ignored } = rollupSql(filter);
  const closedUntil = closedHour(now);
  const split = span > 6 * 3_600_000 && closedUntil > filter.from && closedUntil < filter.to;
  const parts = split
    ? await Promise.all([
        cachedClosed(`timeline:${bucketHours}`, filter, closedUntil, (f) => timelineRows(f, bucketHours)),
        timelineRows({ ...filter, from: closedUntil }, bucketHours),
      ])
    : [await timelineRows(filter, bucketHours)];
  // A bucket cut by the closed/open boundary appears in both parts: counts add up.
  const byBucket = new Map<number, TimelineBucket>();
  for (const r of parts.flat()) {
    const key = new Date(r.bucket).getTime();
    const b = byBucket.get(key) ?? { at: new Date(key).toISOString(), allow: 0, deny: 0, error: 0 };
    b.allow += Number(r.allow ?? 0);
    b.deny += Number(r.deny ?? 0);
    b.error += Number(r.error ?? 0);
    byBucket.set(key, b);
  }
  return { buckets: [...byBucket.values()].sort((a, b) => a.at.localeCompare(b.at)), bucketHours, ignored };
}

export type FacetCounts = Partial<Record<FilterField, { value: string; count: number }[]>>;
type FacetRow = { field: string; value: string; count: string };

async function facetRows(filter: DecisionFilter): Promise<FacetRow[]> {
  const { where, values } = rollupSql(filter);
  const fields = Object.entries(ROLLUP_FIELDS) as [FilterField, string][];
  return readOnly(async (c) => {
    // Enough memory to hash every grouping set in one pass instead of sorting per set.
    await c.query("SET LOCAL work_mem = '64MB'");
    const source = await rollupSource(c, filter, true, paramsAfter(values));
    const sql = `WITH g AS (
        SELECT ${fields.map(([, col]) => `h.${col}`).join(", ")}, sum(h.count) AS n, ${fields.map(([, col]) => `GROUPING(h.${col})`).join(" || '.' || ")} AS gs
        FROM ${source} WHERE ${where}
        GROUP BY GROUPING SETS (${fields.map(([, col]) => `(h.${col})`).join(", ")}, ())
      )
      SELECT CASE ${fields.map(([f], i) => `WHEN split_part(gs, '.', ${i + 1}) = '0' THEN '${f}'`).join(" ")} ELSE 'total' END AS field,
        COALESCE(${fields.map(([, col]) => col).join(", ")}, '') AS value, n::text AS count
      FROM g`;
    return (await c.query<FacetRow>(sql, values)).rows;
  });
}

// Closed hours of the roll-up no longer change, so their part of a long window is cached per
// process for a while (keyed by the query and the filter); only the open hour is read every time.
const CLOSED_CACHE_MS = 10 * 60_000;
const closedCache = new Map<string, { at: number; rows: Promise<unknown[]> }>();

/** Forgets the cached closed hours (benchmarks time the uncached read). */
export const clearClosedCache = () => closedCache.clear();

/** An hour is closed two minutes after it ends (a batch that began in it has committed by then). */
const closedHour = (now: Date) => new Date(Math.floor((now.getTime() - 120_000) / 3_600_000) * 3_600_000);

function cachedClosed<T>(
  kind: string,
  filter: DecisionFilter,
  until: Date,
  read: (f: DecisionFilter) => Promise<T[]>,
): Promise<T[]> {
  const from = new Date(Math.floor(filter.from.getTime() / 3_600_000) * 3_600_000);
  const part = { ...filter, from, to: until };
  const key = `${kind}:${JSON.stringify(rollupSql(part))}`;
  const hit = closedCache.get(key);
  if (hit && Date.now() - hit.at < CLOSED_CACHE_MS) return hit.rows as Promise<T[]>;
  if (closedCache.size > 500) closedCache.clear();
  const rows = read(part);
  closedCache.set(key, { at: Date.now(), rows });
  rows.catch(() => closedCache.delete(key));
  return rows;
}

/** Counts per value of each roll-up field in the window (top 12 each), from grouping sets over the roll-up. */
export async function decisionFacets(
  filter: DecisionFilter,
  now = new Date(),
): Promise<{ facets: FacetCounts; total: number; ignored: FilterField[] }> {
  const { ignored } = rollupSql(filter);
  const closedUntil = closedHour(now);
  const split =
    filter.to.getTime() - filter.from.getTime() > 6 * 3_600_000 &&
    closedUntil > filter.from &&
    closedUntil < filter.to;
  const parts = split
    ? await Promise.all([
        cachedClosed("facets", filter, closedUntil, facetRows),
        facetRows({ ...filter, from: closedUntil }),
      ])
    : [await facetRows(filter)];
  const sums = new Map<string, number>();
  for (const r of parts.flat())
    sums.set(`${r.field}\u0000${r.value}`, (sums.get(`${r.field}\u0000${r.value}`) ?? 0) + Number(r.count));
  const facets: FacetCounts = {};
  let total = 0;
  for (const [k, count] of sums) {
    const [field, value] = k.split("\u0000");
    if (field === "total") total = count;
    else (facets[field as FilterField] ??= []).push({ value, count });
  }
  for (const list of Object.values(facets)) list.sort((a, b) => b.count - a.count).splice(12);
  return { facets, total, ignored };
}

/**
 * Where a decision id's record is: its ledger entry's time (or a time the caller knows) bounds
 * the (at, seq) key, so no index on seq is needed. Without either it scans (bounded by the timeout).
 */
export async function recordWhere(
  seq: bigint,
  knownAt?: Date | null,
): Promise<{ where: string; values: unknown[] }> {
  const at = knownAt ?? (await db.logEntry.findUnique({ where: { seq }, select: { at: true } }))?.at ?? null;
  if (!at) return { where: "d.seq = $1", values: [seq.toString()] };
  return {
    where:
      "d.seq = $1 AND d.at BETWEEN $2::timestamptz - interval '10 minutes' AND $2::timestamptz + interval '10 minutes'",
    values: [seq.toString(), at],
  };
}
