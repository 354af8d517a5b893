import { db } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { Prisma, type LogEntry } from "@/lib/generated/prisma/client";
import type { TableConfig, TableParams } from "@/lib/table/search-params";
import { LEDGER_ACTIONS } from "@/lib/ledger/actions";
import { SYSTEM_NAMES } from "@/lib/ledger/append";
import { LEDGER_ACTOR_KINDS, LEDGER_AREAS } from "./areas";

export const ledgerTable: TableConfig = {
  sortable: [],
  filterable: { area: LEDGER_AREAS, actorKind: LEDGER_ACTOR_KINDS },
  defaultSize: 50,
  maxSize: 200,
};

/** A ledger entry as the audit table shows it (seq as text: BigInt does not cross to the client). */
export type LedgerRow = Omit<LogEntry, "seq" | "prevHash"> & { seq: string };

/**
 * A ledger filter as index-friendly arms. One OR across columns, or a prefix match on the action,
 * leaves PostgreSQL only the primary key to walk for "newest first", through the whole ledger
 * when matches are rare (a grant's three entries among 30 million). So each arm is one column
 * equal to one of its values, and readLedger reads every value newest first on its own
 * (column, seq) index, all in one statement, then merges them.
 */
export type LedgerQuery = {
  /** Entries whose column equals one of the values; none at all means the whole ledger. */
  arms: { column: "target" | "actor" | "action"; values: string[] }[];
  /** Triad's own parts: actor "system" under this name. */
  systemName: string | null;
  /** Conditions every entry must also meet (not index conditions). */
  actions: string[] | null;
  kinds: string[] | null;
  /** A name meant more identities than NAMED_MAX: only the first NAMED_MAX (by id) are searched. */
  truncated: boolean;
};

/** The actions of these areas, from the typed list (so every area's actions are exact values). */
function actionsOf(areas: readonly string[]): string[] {
  return LEDGER_ACTIONS.filter((a) => areas.includes(a.slice(0, a.indexOf("."))));
}

const NAMED_MAX = 1_000;

/**
 * Who a name or email search means: console users (name or email), API clients (their id and the
 * key id some of their entries carry), SCIM tokens ("okta" or "SCIM: okta"), all
 * case-insensitively, and inventory actors of exactly that display name (its index is
 * case-sensitive); `truncated` when one kind of them has more than NAMED_MAX.
 */
async function actorIdsNamed(q: string): Promise<{ ids: string[]; truncated: boolean }> {
  const key = q.toLowerCase();
  const [users, clients, scim, actors] = await Promise.all([
    db.$queryRaw<
      { id: string }[]
    >`SELECT id::text FROM "User" WHERE lower(name) = ${key} OR lower(email) = ${key} ORDER BY id LIMIT ${NAMED_MAX + 1}`,
    db.$queryRaw<
      { id: string; keyId: string }[]
    >`SELECT id::text, "keyId" FROM "ApiClient" WHERE lower(name) = ${key} ORDER BY id LIMIT ${NAMED_MAX + 1}`,
    db.$queryRaw<
      { id: string }[]
    >`SELECT id::text FROM "ScimToken" WHERE lower(name) = ${key} OR 'scim: ' || lower(name) = ${key} ORDER BY id LIMIT ${NAMED_MAX + 1}`,
    db.actor.findMany({
      where: { displayName: q },
      select: { id: true },
      orderBy: { id: "asc" },
      take: NAMED_MAX + 1,
    }),
  ]);
  const truncated = [users, clients, scim, actors].some((rows) => rows.length > NAMED_MAX);
  const first = <T>(rows: T[]) => rows.slice(0, NAMED_MAX);
  const ids = [...first(users), ...first(scim), ...first(actors)].map((r) => r.id);
  for (const c of first(clients)) ids.push(c.id, c.keyId);
  return { ids, truncated };
}

/** The ledger filtered by area, actor kind and a search that matches a target, an actor (id or name) or an action exactly. */
export async function ledgerQuery(params: Pick<TableParams, "q" | "filters">): Promise<LedgerQuery> {
  const kinds = params.filters.actorKind?.length ? [...params.filters.actorKind] : null;
  const areas = params.filters.area?.length ? actionsOf(params.filters.area) : null;
  const q = params.q.trim();
  if (!q)
    return {
      arms: areas ? [{ column: "action", values: areas }] : [],
      systemName: null,
      actions: null,
      kinds,
      truncated: false,
    };
  const named = await actorIdsNamed(q);
  return {
    arms: [
      { column: "target", values: [q, `actor:${q}`] },
      { column: "actor", values: [...new Set([q, ...named.ids])] },
      { column: "action", values: [q] },
    ],
    // Triad's own parts act as one actor id under several names ("Triad", "campaign deadline").
    systemName: SYSTEM_NAMES.find((n) => n.toLowerCase() === q.toLowerCase()) ?? null,
    actions: areas,
    kinds,
    truncated: named.truncated,
  };
}

const LEDGER_COLUMNS = {
  seq: true,
  at: true,
  actor: true,
  actorKind: true,
  actorName: true,
  action: true,
  target: true,
  details: true,
  prevHash: true,
  hash: true,
} as const;

// An actor-kind filter alone has no index: a rare kind walks the ledger (minutes at 30 million
// entries). Bounded, with a message that says what to add, instead of a page that never loads.
const READ_TIMEOUT_MS = 5_000;
const canceled = (error: unknown) =>
  (error as { meta?: { driverAdapterError?: { cause?: { code?: string } } } } | null)?.meta
    ?.driverAdapterError?.cause?.code === "57014";

/**
 * Up to `take` entries of the query before seq `before` (or from the head), newest first: the
 * newest `take` seqs of every value of every arm (each an index range, in one statement), merged,
 * and then the rows of the newest `take` of them.
 */
export async function readLedger(query: LedgerQuery, take: number, before: bigint | null = null) {
  const conditions = [
    before === null ? Prisma.empty : Prisma.sql`AND e.seq < ${before}`,
    query.actions ? Prisma.sql`AND e.action = ANY(${query.actions}::text[])` : Prisma.empty,
    query.kinds ? Prisma.sql`AND e."actorKind" = ANY(${query.kinds}::text[])` : Prisma.empty,
  ];
  const also = Prisma.join(conditions, " ");
  const column = {
    target: Prisma.raw("e.target"),
    actor: Prisma.raw("e.actor"),
    action: Prisma.raw("e.action"),
  };
  const parts = query.arms.map(
    (arm) => Prisma.sql`SELECT s.seq FROM unnest(${arm.values}::text[]) AS v(x) CROSS JOIN LATERAL (
      SELECT e.seq FROM "LogEntry" e WHERE ${column[arm.column]} = v.x ${also} ORDER BY e.seq DESC LIMIT ${take}) s`,
  );
  if (query.systemName)
    parts.push(Prisma.sql`SELECT * FROM (SELECT e.seq FROM "LogEntry" e WHERE e.actor = 'system'
      AND e."actorName" = ${query.systemName} ${also} ORDER BY e.seq DESC LIMIT ${take}) sys`);
  if (!parts.length)
    parts.push(
      Prisma.sql`SELECT * FROM (SELECT e.seq FROM "LogEntry" e WHERE true ${also} ORDER BY e.seq DESC LIMIT ${take}) head`,
    );
  const seqs = await db
    .$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL statement_timeout = ${READ_TIMEOUT_MS}`);
      return tx.$queryRaw<{ seq: bigint }[]>`
        SELECT DISTINCT seq FROM (${Prisma.join(parts, " UNION ALL ")}) u ORDER BY seq DESC LIMIT ${take}`;
    })
    .catch((error: unknown) => {
      if (canceled(error))
        throw new Invalid(
          "Too few entries match this filter to find them quickly (an actor kind alone walks the whole ledger). Add a search or an area.",
        );
      throw error;
    });
  if (!seqs.length) return [];
  return db.logEntry.findMany({
    where: { seq: { in: seqs.map((r) => r.seq) } },
    orderBy: { seq: "desc" },
    select: LEDGER_COLUMNS,
  });
}

/**
 * Newest first, paged by sequence number (keyset), so page 1,000 costs what page 1 does.
 * `notice` says what the page could not do (a name too common, a filter too slow to answer).
 */
export async function listLedger(params: TableParams): Promise<{
  rows: LedgerRow[];
  nextCursor: string | null;
  newest: string | null;
  notice: string | null;
}> {
  const before = params.cursor && /^\d+$/.test(params.cursor) ? BigInt(params.cursor) : null;
  const query = await ledgerQuery(params);
  const newest = await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  let rows: Awaited<ReturnType<typeof readLedger>>;
  try {
    rows = await readLedger(query, params.size + 1, before);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    return { rows: [], nextCursor: null, newest: newest?.seq.toString() ?? null, notice: error.message };
  }
  const page = rows
    .slice(0, params.size)
    .map(({ prevHash: _prevHash, ...r }) => ({ ...r, seq: r.seq.toString() }));
  return {
    rows: page,
    nextCursor: rows.length > params.size ? page[page.length - 1].seq : null,
    newest: newest?.seq.toString() ?? null,
    notice: query.truncated
      ? `More than ${NAMED_MAX.toLocaleString("en")} identities carry this name: the entries of the first ${NAMED_MAX.toLocaleString("en")} are shown. Search by an identity's id to see one of them.`
      : null,
  };
}

/**
 * How many entries were appended since `since`, from the head's seq: seqs are contiguous and
 * `at` rises with them, so it is the head minus the first seq at or after `since` (one probe of
 * the time index), not a count over a day of entries (millions at thousands of decisions a second).
 */
export async function entriesSince(since: Date, head: bigint | undefined): Promise<number> {
  if (head === undefined) return 0;
  const first = await db.logEntry.findFirst({
    where: { at: { gte: since } },
    orderBy: [{ at: "asc" }, { seq: "asc" }],
    select: { seq: true },
  });
  return first ? Number(head - first.seq + 1n) : 0;
}

export async function ledgerOverview() {
  const latest = await db.logEntry.findFirst({
    orderBy: { seq: "desc" },
    select: { seq: true, at: true, hash: true },
  });
  return {
    total: latest?.seq.toString() ?? "0",
    latestAt: latest?.at ?? null,
    headHash: latest?.hash ?? null,
    lastDay: await entriesSince(new Date(Date.now() - 86_400_000), latest?.seq),
  };
}
