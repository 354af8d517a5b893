import { db } from "@/lib/db";
import type { LogEntry, Prisma } from "@/lib/generated/prisma/client";
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

// A name can mean more actors than this; past it the search keeps a (slow, exact) name arm so
// that nothing is silently left out.
const NAMED_MAX = 50;

/**
 * Who a name or email search means: console users (name or email), API clients (their id and the
 * key id some of their entries carry), SCIM tokens ("okta" or "SCIM: okta"), all
 * case-insensitively, and inventory actors
 * of exactly that display name (its index is case-sensitive). `truncated` when one of them has
 * more than NAMED_MAX.
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
  const ids = [...users, ...scim, ...actors].slice(0, 4 * NAMED_MAX).map((r) => r.id);
  for (const c of clients.slice(0, NAMED_MAX)) ids.push(c.id, c.keyId);
  return { ids, truncated };
}

// With more arms than this (several areas ticked), matches are dense: one walk of the primary
// key filtered by the actions costs less than a read of every arm.
const MAX_AREA_ARMS = 16;

/** The ledger filtered by area, actor kind and a search that matches a target, an actor (id or name) or an action exactly. */
export async function ledgerQuery(params: Pick<TableParams, "q" | "filters">): Promise<LedgerQuery> {
  const filters: Prisma.LogEntryWhereInput[] = [];
  const kinds = params.filters.actorKind;
  if (kinds?.length) filters.push({ actorKind: { in: kinds } });
  const areas = params.filters.area?.length ? actionsOf(params.filters.area) : null;
  const q = params.q.trim();
  let arms: Prisma.LogEntryWhereInput[];
  if (q) {
    const named = await actorIdsNamed(q);
    arms = [q, `actor:${q}`].map((target) => ({ target }));
    arms.push(...[...new Set([q, ...named.ids])].map((actor) => ({ actor })), { action: q });
    if (named.truncated) arms.push({ actorName: { equals: q, mode: "insensitive" } });
    // Triad's own parts act as one actor id under several names ("Triad", "campaign deadline").
    const system = SYSTEM_NAMES.find((n) => n.toLowerCase() === q.toLowerCase());
    if (system) arms.push({ actor: "system", actorName: system });
    if (areas) filters.push({ action: { in: areas } });
  } else if (areas && areas.length <= MAX_AREA_ARMS) arms = areas.map((action) => ({ action }));
  else arms = [areas ? { action: { in: areas } } : {}];
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

/**
 * Up to `take` entries of the query before seq `before` (or from the head), newest first. Each
 * arm gives only its seqs (from its index); the rows of the newest `take` are read once.
 */
export async function readLedger(query: LedgerQuery, take: number, before: bigint | null = null) {
  const where = (arm: Prisma.LogEntryWhereInput) =>
    before === null ? arm : { AND: [arm, { seq: { lt: before } }] };
  if (query.length === 1)
    return db.logEntry.findMany({
      where: where(query[0]),
      orderBy: { seq: "desc" },
      take,
      select: LEDGER_COLUMNS,
    });
  const pages = await Promise.all(
    query.map((arm) =>
      db.logEntry.findMany({ where: where(arm), orderBy: { seq: "desc" }, take, select: { seq: true } }),
    ),
  );
  const seqs = [...new Set(pages.flat().map((r) => r.seq))]
    .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
    .slice(0, take);
  if (!seqs.length) return [];
  return db.logEntry.findMany({
    where: { seq: { in: seqs } },
    orderBy: { seq: "desc" },
    select: LEDGER_COLUMNS,
  });
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
