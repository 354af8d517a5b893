import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { canonicalJson } from "./canonical";
import { entryBody, GENESIS_HASH, hashCanonical, type EntryBody, type LedgerActorKind } from "./hash";
import type { LedgerAction } from "./actions";

export type LedgerActor = { id: string; kind: LedgerActorKind; name?: string | null };

export type LedgerEvent = {
  actor: LedgerActor;
  action: LedgerAction;
  target?: string | null;
  details?: Prisma.InputJsonObject;
};

// Arbitrary constant: every append takes this transaction-level advisory lock, so exactly one
// writer extends the chain at a time and the chain never forks (seq is also the primary key).
export const LEDGER_LOCK_KEY = 7_240_113;
export const LOCK_SQL = "SELECT pg_advisory_xact_lock($1)";
// Order by the column, not the text alias (which would sort "9" after "10").
export const HEAD_SQL = `SELECT e.seq::text AS seq, e.hash FROM "LogEntry" e ORDER BY e.seq DESC LIMIT 1`;

const CHUNK = 5000;

/** One parameterised statement per 5,000 entries: INSERT … SELECT FROM unnest(). */
export type LedgerInsert = { text: string; values: unknown[] };

const INSERT_SQL = `INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash)
  SELECT v.seq::bigint, $1::timestamptz, v.actor, v.kind, v.name, v.action, v.target, v.details::jsonb, v.prev, v.hash
  FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    AS v(seq, actor, kind, name, action, target, details, prev, hash)`;

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
  details: string;
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
    const details = canonicalJson(cleanJson(event.details ?? {}));
    out[i] = {
      actor,
      kind: event.actor.kind,
      name,
      action,
      target,
      details,
      body: entryBody(actor, event.actor.kind, name, action, target, details),
    };
  }
  return out;
}

/** The nine text columns of linked entries (seq, actor, kind, name, action, target, details, prevHash, hash). */
export type LinkedColumns = (string | null)[][];

/** Links prepared events onto a head: sequence numbers and hashes, as insert columns. */
export function linkColumns(
  head: { seq: string; hash: string } | null,
  events: PreparedEvent[],
  at: Date,
): { seqs: bigint[]; cols: LinkedColumns; last: { seq: string; hash: string } } {
  let seq = head ? BigInt(head.seq) : 0n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const atText = at.toISOString();
  const seqs: bigint[] = [];
  const cols: LinkedColumns = Array.from({ length: 9 }, () => []);
  for (const e of events) {
    seq += 1n;
    const seqText = seq.toString();
    const hash = hashCanonical(seqText, atText, e.body, prevHash);
    const values = [seqText, e.actor, e.kind, e.name, e.action, e.target, e.details, prevHash, hash];
    for (let c = 0; c < 9; c++) cols[c].push(values[c]);
    prevHash = hash;
    seqs.push(seq);
  }
  return { seqs, cols, last: { seq: seq.toString(), hash: prevHash } };
}

/** Links prepared events onto the current head: sequence numbers, hashes and the insert statements. */
export function linkEvents(
  head: { seq: string; hash: string } | null,
  events: PreparedEvent[],
  at = new Date(),
): { seqs: bigint[]; inserts: LedgerInsert[] } {
  const seqs: bigint[] = [];
  const inserts: LedgerInsert[] = [];
  let from = head;
  for (let i = 0; i < events.length; i += CHUNK) {
    const linked = linkColumns(from, events.slice(i, i + CHUNK), at);
    seqs.push(...linked.seqs);
    inserts.push({ text: INSERT_SQL, values: [at, ...linked.cols] });
    from = linked.last;
  }
  return { seqs, inserts };
}

/**
 * Appends events to the ledger inside the caller's transaction, so the change and its entry
 * commit (or roll back) together. Several events in one call share one lock and go in with
 * one INSERT … SELECT FROM unnest() per 5,000 entries (100,000 entries: ~2 s).
 */
export async function appendLedger(tx: Tx, events: LedgerEvent | LedgerEvent[]): Promise<bigint[]> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return [];
  const prepared = prepareEvents(list);
  await tx.$executeRawUnsafe(LOCK_SQL, LEDGER_LOCK_KEY);
  const [head] = await tx.$queryRawUnsafe<{ seq: string; hash: string }[]>(HEAD_SQL);
  const { seqs, inserts } = linkEvents(head ?? null, prepared);
  for (const insert of inserts) await tx.$executeRawUnsafe(insert.text, ...insert.values);
  return seqs;
}

export const SYSTEM_ACTOR: LedgerActor = { id: "system", kind: "SYSTEM", name: "Triad" };
