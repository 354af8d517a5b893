import { db } from "@/lib/db";
import type { LogEntry, Prisma } from "@/lib/generated/prisma/client";
import type { TableConfig, TableParams } from "@/lib/table/search-params";
import { LEDGER_ACTIONS } from "@/lib/ledger/actions";
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
 * A ledger filter as index-friendly arms, OR-ed. One OR across columns, or a prefix match on the
 * action, leaves PostgreSQL only the primary key to walk for "newest first", through the whole
 * ledger when matches are rare (a grant's three entries among 30 million). So each arm names one
 * indexed value ((target, seq), (actor, seq), (action, seq)) and is read newest first on its
 * own; readLedger merges the pages.
 */
export type LedgerQuery = Prisma.LogEntryWhereInput[];

/** The actions of these areas, from the typed list (so every area's actions are exact values). */
function actionsOf(areas: readonly string[]): string[] {
  return LEDGER_ACTIONS.filter((a) => areas.includes(a.slice(0, a.indexOf("."))));
}

/** Who a name or email search means: console users, API clients and inventory actors of that name. */
async function actorIdsNamed(q: string): Promise<string[]> {
  const [users, clients, actors] = await Promise.all([
    db.user.findMany({
      where: {
        OR: [{ name: { equals: q, mode: "insensitive" } }, { email: { equals: q, mode: "insensitive" } }],
      },
      select: { id: true },
      take: 20,
    }),
    db.apiClient.findMany({
      where: { name: { equals: q, mode: "insensitive" } },
      select: { id: true },
      take: 20,
    }),
    db.actor.findMany({ where: { displayName: q }, select: { id: true }, take: 20 }),
  ]);
  return [...users, ...clients, ...actors].map((r) => r.id);
}

/** The ledger filtered by area, actor kind and a search that matches a target, an actor (id or name) or an action exactly. */
export async function ledgerQuery(params: Pick<TableParams, "q" | "filters">): Promise<LedgerQuery> {
  const filters: Prisma.LogEntryWhereInput[] = [];
  const kinds = params.filters.actorKind;
  if (kinds?.length) filters.push({ actorKind: { in: kinds } });
  const areas = params.filters.area?.length ? actionsOf(params.filters.area) : null;
  const q = params.q.trim();
  let arms: Prisma.LogEntryWhereInput[];
  if (q) {
    const ids = await actorIdsNamed(q);
    arms = [q, `actor:${q}`].map((target) => ({ target }));
    arms.push(...[q, ...ids].map((actor) => ({ actor })), { action: q });
    if (areas) filters.push({ action: { in: areas } });
  } else arms = areas ? areas.map((action) => ({ action })) : [{}];
  return arms.map((arm) => (filters.length ? { AND: [arm, ...filters] } : arm));
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

/** Up to `take` entries of the query before seq `before` (or from the head), newest first. */
export async function readLedger(query: LedgerQuery, take: number, before: bigint | null = null) {
  const pages = await Promise.all(
    query.map((arm) =>
      db.logEntry.findMany({
        where: before === null ? arm : { AND: [arm, { seq: { lt: before } }] },
        orderBy: { seq: "desc" },
        take,
        select: LEDGER_COLUMNS,
      }),
    ),
  );
  if (pages.length === 1) return pages[0];
  const bySeq = new Map(pages.flat().map((r) => [r.seq, r]));
  return [...bySeq.values()].sort((a, b) => (a.seq < b.seq ? 1 : a.seq > b.seq ? -1 : 0)).slice(0, take);
}

/** Newest first, paged by sequence number (keyset), so page 1,000 costs what page 1 does. */
export async function listLedger(
  params: TableParams,
): Promise<{ rows: LedgerRow[]; nextCursor: string | null; newest: string | null }> {
  const before = params.cursor && /^\d+$/.test(params.cursor) ? BigInt(params.cursor) : null;
  const rows = await readLedger(await ledgerQuery(params), params.size + 1, before);
  const page = rows
    .slice(0, params.size)
    .map(({ prevHash: _prevHash, ...r }) => ({ ...r, seq: r.seq.toString() }));
  const newest = await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  return {
    rows: page,
    nextCursor: rows.length > params.size ? page[page.length - 1].seq : null,
    newest: newest?.seq.toString() ?? null,
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
