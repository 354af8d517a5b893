import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { GENESIS_HASH, hashEntry, type LedgerActorKind } from "./hash";

export type LedgerActor = { id: string; kind: LedgerActorKind; name?: string | null };

export type LedgerEvent = {
  actor: LedgerActor;
  action: string;
  target?: string | null;
  details?: Prisma.InputJsonObject;
};

// Arbitrary constant: all appends take this transaction-level advisory lock, so exactly one
// writer extends the chain at a time and the chain never forks.
const LEDGER_LOCK_KEY = 7_240_113;

const CHUNK = 5000;

/**
 * Appends events to the ledger inside the caller's transaction, so the change and its entry
 * commit (or roll back) together. Several events in one call share one lock (group commit) and
 * go in with one INSERT … SELECT FROM unnest() per 5,000 entries (100,000 entries: ~2 s, where
 * createMany took ~28 s).
 */
export async function appendLedger(tx: Tx, events: LedgerEvent | LedgerEvent[]): Promise<bigint[]> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return [];
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_KEY})`;
  const last = await tx.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  let seq = last?.seq ?? 0n;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const seqs: bigint[] = [];
  for (let i = 0; i < list.length; i += CHUNK) {
    const rows = list.slice(i, i + CHUNK).map((event) => {
      seq += 1n;
      const row = {
        seq,
        at,
        actor: event.actor.id,
        actorKind: event.actor.kind,
        actorName: event.actor.name ?? null,
        action: event.action,
        target: event.target ?? null,
        details: event.details ?? {},
        prevHash,
      };
      const hash = hashEntry(row);
      prevHash = hash;
      seqs.push(seq);
      return { ...row, hash };
    });
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
      SELECT v.seq::bigint, ${at}, v.actor, v.kind, v.name, v.action, v.target, v.details::jsonb, v.prev, v.hash
      FROM unnest(${rows.map((r) => r.seq.toString())}::text[], ${rows.map((r) => r.actor)}::text[], ${rows.map((r) => r.actorKind)}::text[],
        ${rows.map((r) => r.actorName)}::text[], ${rows.map((r) => r.action)}::text[], ${rows.map((r) => r.target)}::text[],
        ${rows.map((r) => JSON.stringify(r.details))}::text[], ${rows.map((r) => r.prevHash)}::text[], ${rows.map((r) => r.hash)}::text[])
        AS v(seq, actor, kind, name, action, target, details, prev, hash)`);
  }
  return seqs;
}

export const SYSTEM_ACTOR: LedgerActor = { id: "system", kind: "SYSTEM", name: "Triad" };
