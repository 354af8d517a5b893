import { db } from "@/lib/db";
import type { LogEntry, Prisma } from "@/lib/generated/prisma/client";
import type { TableConfig, TableParams } from "@/lib/table/search-params";
import { LEDGER_ACTOR_KINDS, LEDGER_AREAS } from "./areas";

export const ledgerTable: TableConfig = {
  sortable: [],
  filterable: { area: LEDGER_AREAS, actorKind: LEDGER_ACTOR_KINDS },
  defaultSize: 50,
  maxSize: 200,
};

/** A ledger entry as the audit table shows it (seq as text: BigInt does not cross to the client). */
export type LedgerRow = Omit<LogEntry, "seq" | "prevHash"> & { seq: string };

/** The ledger filtered by area, actor kind and a search that matches a target, an actor or an action exactly. */
export function ledgerWhere(params: Pick<TableParams, "q" | "filters">): Prisma.LogEntryWhereInput {
  const where: Prisma.LogEntryWhereInput[] = [];
  const areas = params.filters.area;
  if (areas?.length) where.push({ OR: areas.map((a) => ({ action: { startsWith: `${a}.` } })) });
  const kinds = params.filters.actorKind;
  if (kinds?.length) where.push({ actorKind: { in: kinds } });
  const q = params.q.trim();
  if (q)
    where.push({
      OR: [
        { target: q },
        { target: `actor:${q}` },
        { actor: q },
        { action: q },
        { actorName: { equals: q, mode: "insensitive" } },
      ],
    });
  return where.length ? { AND: where } : {};
}

/** Newest first, paged by sequence number (keyset), so page 1,000 costs what page 1 does. */
export async function listLedger(
  params: TableParams,
): Promise<{ rows: LedgerRow[]; nextCursor: string | null; newest: string | null }> {
  const before = params.cursor && /^\d+$/.test(params.cursor) ? BigInt(params.cursor) : null;
  const where = ledgerWhere(params);
  const rows = await db.logEntry.findMany({
    where: before ? { AND: [where, { seq: { lt: before } }] } : where,
    orderBy: { seq: "desc" },
    take: params.size + 1,
    select: {
      seq: true,
      at: true,
      actor: true,
      actorKind: true,
      actorName: true,
      action: true,
      target: true,
      details: true,
      hash: true,
    },
  });
  const page = rows.slice(0, params.size).map((r) => ({ ...r, seq: r.seq.toString() }));
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
