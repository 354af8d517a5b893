import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { canonicalJson } from "./canonical";
import { entryBody, type EntryBody, type LedgerActorKind } from "./hash";
import { linkCall, Params } from "./append-raw";
import type { LedgerAction } from "./actions";

export type LedgerActor = { id: string; kind: LedgerActorKind; name?: string | null };

export type LedgerEvent = {
  actor: LedgerActor;
  action: LedgerAction;
  target?: string | null;
  details?: Prisma.InputJsonObject;
};

// Arbitrary constant: every append takes this transaction-level advisory lock (inside
// triad_ledger_link, which has the number written in), so exactly one writer extends the chain at
// a time and the chain never forks (seq is also the primary key).
export const LEDGER_LOCK_KEY = 7_240_113;
export const LOCK_SQL = "SELECT pg_advisory_xact_lock($1)";
// Order by the column, not the text alias (which would sort "9" after "10").
export const HEAD_SQL = `SELECT e.seq::text AS seq, e.hash FROM "LogEntry" e ORDER BY e.seq DESC LIMIT 1`;

const CHUNK = 5000;

// PostgreSQL text and jsonb cannot hold NUL, and a lone UTF-16 surrogate cannot be stored as
// written (jsonb refuses its escape; text gets U+FFFD from the driver, so the stored row would
// no longer match its hash). Either would fail the batch (for decisions, deny everyone in it) or
// break verification. Both are stored and hashed as U+FFFD.
const clean = (v: string | null): string | null => {
  if (v === null) return null;
  const wellFormed = v.isWellFormed() ? v : v.toWellFormed();
  return wellFormed.includes("\u0000") ? wellFormed.replace(/\u0000/g, "\uFFFD") : wellFormed;
};

const cleanText = (v: string) => v.isWellFormed() && !v.includes("\u0000");

/** Whether a JSON value needs no cleaning (nearly always): the ledger then skips copying it. */
function isClean(value: unknown): boolean {
  if (typeof value === "string") return cleanText(value);
  if (value === null || typeof value !== "object") return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isClean(value[i])) return false;
    return true;
  }
  // Anything but a plain object (a Date, say) takes the copying path, which writes it as before.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!cleanText(key) || !isClean(record[key])) return false;
  return true;
}

export function cleanJson(value: unknown): unknown {
  if (isClean(value)) return value;
  if (typeof value === "string") return clean(value);
  if (Array.isArray(value)) return value.map(cleanJson);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanJson(v)]));
  return value;
}

/** An event in stored form with the chain-independent part of its hash text, ready to link. */
export type PreparedEvent = {
  actor: string;
  kind: string;
  name: string | null;
  action: string;
  target: string | null;
  /** The hashed text; its tail holds the canonical details, which the database stores as they are. */
  body: EntryBody;
};

/** The costly part of an append (cleaning, canonical JSON), done before the chain lock is taken. */
export function prepareEvents(events: LedgerEvent[]): PreparedEvent[] {
  const out: PreparedEvent[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const actor = clean(event.actor.id)!;
    const name = clean(event.actor.name ?? null);
    const action = clean(event.action)!;
    const target = clean(event.target ?? null);
    out[i] = {
      actor,
      kind: event.actor.kind,
      name,
      action,
      target,
      body: entryBody(
        actor,
        event.actor.kind,
        name,
        action,
        target,
        canonicalJson(cleanJson(event.details ?? {})),
      ),
    };
  }
  return out;
}

/**
 * Appends events to the ledger inside the caller's transaction, so the change and its entry
 * commit (or roll back) together. Several events in one call share one lock; the database links
 * and inserts them (triad_ledger_link), 5,000 entries a statement.
 */
export async function appendLedger(tx: Tx, events: LedgerEvent | LedgerEvent[]): Promise<bigint[]> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return [];
  const prepared = prepareEvents(list);
  const seqs: bigint[] = [];
  for (let i = 0; i < prepared.length; i += CHUNK) {
    const chunk = prepared.slice(i, i + CHUNK);
    const params = new Params();
    const [row] = await tx.$queryRawUnsafe<{ first: string }[]>(
      `SELECT first::text AS first FROM ${linkCall(params, chunk)}`,
      ...params.values,
    );
    const first = BigInt(row.first);
    for (let k = 0; k < chunk.length; k++) seqs.push(first + BigInt(k));
  }
  return seqs;
}

/** Triad's own work in the ledger: one actor id, named for the part of Triad that acted. */
export const SYSTEM_NAMES = [
  "Triad",
  "campaign deadline",
  "campaign recurrence",
  "newcomer review",
  "Triad CLI",
] as const;
export type SystemName = (typeof SYSTEM_NAMES)[number];
export const systemActor = (name: SystemName): LedgerActor => ({
  id: "system",
  kind: "SYSTEM",
  name,
});
export const SYSTEM_ACTOR = systemActor("Triad");
