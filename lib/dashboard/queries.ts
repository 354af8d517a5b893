import { db } from "@/lib/db";
import { verifyLedger } from "@/lib/ledger/verify";
import { entriesSince } from "@/lib/audit/queries";
import { combineCounts, samplePercent, scaleSample, topWithOther, type GroupCount } from "./estimate";

// Dashboard reads. Each stays fast at 1,000,000 NHIs: bounded exact counts on indexed enum
// columns; for the few big groups, the table size estimate (pg_class.reltuples) split by the
// planner's per-group estimates (pg_stats); the ledger's gapless sequence for its totals.
// Estimated numbers are flagged and shown with "≈".

/** Groups larger than this are estimated instead of counted (a bounded count scans at most CAP index entries). */
const CAP = 10_000;
/** Actors get a higher bound so a 20,000-person workforce is still counted exactly. */
const ACTOR_CAP = 25_000;
/** Tables this small are grouped exactly. */
const EXACT_TABLE_LIMIT = 200_000;

export const ACTOR_KINDS = ["HUMAN", "NHI", "AGENT"] as const;
export const ACTOR_STATUSES = ["ACTIVE", "SUSPENDED", "OFFBOARDING", "RETIRED"] as const;
export const CLAIM_STATUSES = ["OWNED", "CLAIM_PENDING", "UNCLAIMED", "ORPHANED"] as const;

type Kind = (typeof ACTOR_KINDS)[number];
type Status = (typeof ACTOR_STATUSES)[number];

export type Count = { count: number; estimated: boolean };
export type ActorSummary = Record<Kind, { total: Count; byStatus: Record<Status, Count> }>;

async function tableSize(table: "Actor" | "NhiProfile"): Promise<number> {
  const rows = await db.$queryRaw<
    { n: number }[]
  >`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = to_regclass(${`"${table}"`})`;
  return rows[0]?.n ?? -1;
}

const sum = (counts: Count[]): Count => ({
  count: counts.reduce((a, c) => a + c.count, 0),
  estimated: counts.some((c) => c.estimated),
});

/** Actors by kind and status. */
export async function getActorSummary(): Promise<ActorSummary> {
  const bounded = await db.$queryRaw<{ kind: Kind; status: Status; n: number }[]>`
    SELECT k::text AS kind, s::text AS status,
      (SELECT count(*) FROM (SELECT 1 FROM "Actor" a WHERE a.kind = k AND a.status = s LIMIT ${ACTOR_CAP + 1}) t)::int AS n
    FROM unnest(enum_range(NULL::"ActorKind")) AS k CROSS JOIN unnest(enum_range(NULL::"ActorStatus")) AS s`;
  const keyed = new Map(bounded.map((r) => [`${r.kind}|${r.status}`, r.n]));
  const bigGroups = bounded.filter((r) => r.n > ACTOR_CAP).length;
  let combined: GroupCount[];
  if (bigGroups === 0) combined = combineCounts(keyed, ACTOR_CAP, -1);
  else {
    const size = await tableSize("Actor");
    const weights = new Map<string, number>();
    if (bigGroups > 1) {
      for (const r of bounded.filter((b) => b.n > ACTOR_CAP)) {
        weights.set(
          `${r.kind}|${r.status}`,
          await plannerRows(`SELECT 1 FROM "Actor" WHERE kind = '${r.kind}' AND status = '${r.status}'`),
        );
      }
    }
    combined = combineCounts(keyed, ACTOR_CAP, size, weights);
  }
  const get = (kind: Kind, status: Status): Count => {
    const c = combined.find((r) => r.key === `${kind}|${status}`);
    return { count: c?.count ?? 0, estimated: c?.estimated ?? false };
  };
  const out = {} as ActorSummary;
  for (const kind of ACTOR_KINDS) {
    const byStatus = Object.fromEntries(ACTOR_STATUSES.map((s) => [s, get(kind, s)])) as Record<
      Status,
      Count
    >;
    out[kind] = { total: sum(Object.values(byStatus)), byStatus };
  }
  return out;
}

/**
 * The planner's row estimate for a query (from ANALYZE's random sample of the table, kept
 * fresh by autovacuum). Only called with SQL built from the fixed enum values above.
 */
async function plannerRows(sql: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ "QUERY PLAN": { Plan: { "Plan Rows": number } }[] }[]>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
  );
  return rows[0]?.["QUERY PLAN"][0]?.Plan["Plan Rows"] ?? 0;
}

/** Group counts of a random ~60k-row page sample (TABLESAMPLE SYSTEM reads whole pages, so it is cheap). */
async function samplePlatforms(size: number): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<
    { key: string; n: number }[]
  >`SELECT platform AS key, count(*)::int AS n FROM "NhiProfile" TABLESAMPLE SYSTEM (${samplePercent(size)}) REPEATABLE (7) GROUP BY 1`;
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** Most common platforms and their frequencies from ANALYZE (pg_stats), or null before the first ANALYZE. */
async function platformStats(): Promise<Map<string, number> | null> {
  const rows = await db.$queryRaw<{ vals: string[] | null; freqs: number[] | null }[]>`
    SELECT most_common_vals::text::text[] AS vals, most_common_freqs::float8[] AS freqs
    FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'NhiProfile' AND attname = 'platform'`;
  const { vals, freqs } = rows[0] ?? {};
  if (!vals || !freqs || vals.length === 0) return null;
  return new Map(vals.map((v, i) => [v, freqs[i]]));
}

export type ClaimSummary = { status: (typeof CLAIM_STATUSES)[number]; count: number; estimated: boolean }[];

/** NHIs by claim status (index on claimStatus). */
export async function getClaimSummary(): Promise<ClaimSummary> {
  const bounded = await db.$queryRaw<{ status: string; n: number }[]>`
    SELECT s::text AS status,
      (SELECT count(*) FROM (SELECT 1 FROM "NhiProfile" p WHERE p."claimStatus" = s LIMIT ${CAP + 1}) t)::int AS n
    FROM unnest(enum_range(NULL::"ClaimStatus")) AS s`;
  const keyed = new Map(bounded.map((r) => [r.status, r.n]));
  const bigGroups = bounded.filter((r) => r.n > CAP).length;
  let combined = combineCounts(keyed, CAP, -1);
  if (bigGroups > 0) {
    const size = await tableSize("NhiProfile");
    const weights = new Map<string, number>();
    if (bigGroups > 1) {
      for (const r of bounded.filter((b) => b.n > CAP))
        weights.set(
          r.status,
          await plannerRows(`SELECT 1 FROM "NhiProfile" WHERE "claimStatus" = '${r.status}'`),
        );
    }
    combined = combineCounts(keyed, CAP, size, weights);
  }
  return CLAIM_STATUSES.map((status) => {
    const c = combined.find((r) => r.key === status);
    return { status, count: c?.count ?? 0, estimated: c?.estimated ?? false };
  });
}

/** NHIs by platform, top 10 and "Other": exact on small inventories, sampled on big ones. */
export async function getPlatformSummary(): Promise<GroupCount[]> {
  const size = await tableSize("NhiProfile");
  let rows: GroupCount[];
  if (size < EXACT_TABLE_LIMIT) {
    const exact = await db.nhiProfile.groupBy({ by: ["platform"], _count: { _all: true } });
    rows = exact.map((r) => ({ key: r.platform, count: r._count._all, estimated: false }));
  } else {
    // ANALYZE's row sample is spread over the whole table; a page sample is the fallback.
    rows = scaleSample((await platformStats()) ?? (await samplePlatforms(size)), size);
  }
  return topWithOther(rows, 10);
}

export type LedgerSummary = {
  total: number;
  last24h: number;
  latest: {
    seq: string;
    at: Date;
    action: string;
    actorName: string | null;
    actorKind: string;
    target: string | null;
  }[];
};

/** Ledger totals from its gapless sequence (exact and instant), and the latest entries. */
export async function getLedgerSummary(latest = 8): Promise<LedgerSummary> {
  const since = new Date(Date.now() - 24 * 60 * 60 * 1000);
  const [head, rows] = await Promise.all([
    db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }),
    db.logEntry.findMany({
      orderBy: { seq: "desc" },
      take: latest,
      select: { seq: true, at: true, action: true, actorName: true, actorKind: true, target: true },
    }),
  ]);
  const total = Number(head?.seq ?? 0n);
  const last24h = await entriesSince(since, head?.seq);
  return { total, last24h, latest: rows.map((r) => ({ ...r, seq: r.seq.toString() })) };
}

export type IntegritySummary = {
  ok: boolean;
  checked: number;
  headSeq: string | null;
  breakAt: string | null;
  reason: string | null;
};

/** Re-hashes the newest `window` entries (the full check lives on the audit page). */
export async function getLedgerIntegrity(window = 1000): Promise<IntegritySummary> {
  const head = await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  if (!head) return { ok: true, checked: 0, headSeq: null, breakAt: null, reason: null };
  const from = head.seq > BigInt(window) ? head.seq - BigInt(window) + 1n : 1n;
  const result = await verifyLedger(from, head.seq);
  return {
    ok: result.ok,
    checked: result.checked,
    headSeq: head.seq.toString(),
    breakAt: result.firstBreak?.seq.toString() ?? null,
    reason: result.firstBreak?.reason ?? null,
  };
}

export type DashboardData = {
  actors: ActorSummary;
  claims: ClaimSummary;
  platforms: GroupCount[];
  ledger: LedgerSummary;
  integrity: IntegritySummary;
};

export async function getDashboard(): Promise<DashboardData> {
  const [actors, claims, platforms, ledger, integrity] = await Promise.all([
    getActorSummary(),
    getClaimSummary(),
    getPlatformSummary(),
    getLedgerSummary(),
    getLedgerIntegrity(),
  ]);
  return { actors, claims, platforms, ledger, integrity };
}
