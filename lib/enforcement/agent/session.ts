import { pool } from "@/lib/db/pool";
import { changesAreLive, onChange } from "@/lib/changes/listen";
import { sha256 } from "@/lib/crypto/tokens";
import { isUuid } from "@/lib/ids";

// Agent sessions on the decision path. A session is read once and cached in this process until
// the change channel says it changed (killed, ended, renewed). Every announcement bumps a
// generation, and a load stores its row only if no change was announced while it ran: a read
// that began before a kill cannot put the live row back after the kill dropped it. The time to
// live is a fallback only: short while this process does not hear changes (CLI, a lost listener),
// long while it does. Calls and denies are counted here and written back in small batches, so a
// policy sees "calls so far" without a write per decision; each write-back reads the totals,
// other processes' calls included.

export type SessionFacts = {
  id: string;
  agentId: string;
  agentName: string;
  onBehalfOfId: string | null;
  consentId: string | null;
  task: string;
  startedAt: Date;
  expiresAt: Date;
  tokenExpiresAt: Date | null;
  endedAt: Date | null;
  calls: number;
  denies: number;
  tokenHash: string | null;
};

const FALLBACK_TTL_MS = 500;
const LIVE_TTL_MS = 60_000;
type Entry = { at: number; live: boolean; facts: SessionFacts | null };
const byId = new Map<string, Entry>();
const byToken = new Map<string, string | null>();
let generation = 0;

/** Drops one session (or all) and makes every load in flight leave the cache alone. */
function invalidate(id?: string): void {
  generation++;
  if (id) byId.delete(id);
  else byId.clear();
}

const globalForSessions = globalThis as unknown as { triadAgentSessionsListening?: boolean };
function listen() {
  if (globalForSessions.triadAgentSessionsListening) return;
  globalForSessions.triadAgentSessionsListening = true;
  onChange("agent-session", (change) => invalidate(change.id));
  onChange("actor", () => invalidate());
}

function fresh(hit: Entry, now: number): boolean {
  return now - hit.at < (hit.live && changesAreLive() ? LIVE_TTL_MS : FALLBACK_TTL_MS);
}

/** Caches a row read under `since` unless a change was announced meanwhile. */
function keep(id: string, facts: SessionFacts | null, since: number, live: boolean, at: number): void {
  if (since !== generation) return;
  if (byId.size > 50_000) byId.clear();
  byId.set(id, { at, live, facts });
}

const SQL = `SELECT s.id, s."agentId", a."displayName" AS "agentName", s."onBehalfOfId", s."consentId", coalesce(s.task, '') AS task,
  s."startedAt", s."expiresAt", s."tokenExpiresAt", s."endedAt", s.calls, s.denies, s."tokenHash"
  FROM "AgentSession" s JOIN "Actor" a ON a.id = s."agentId"`;

async function load(where: string, value: string): Promise<SessionFacts | null> {
  const { rows } = await pool().query<SessionFacts>(`${SQL} WHERE ${where} = $1`, [value]);
  return rows[0] ?? null;
}

/** The session's facts (cached), whatever its state; null when unknown. */
export async function sessionById(raw: string): Promise<SessionFacts | null> {
  if (!isUuid(raw)) return null;
  // One key per session however a caller writes its id (PostgreSQL answers in lower case).
  const id = raw.toLowerCase();
  listen();
  const hit = byId.get(id);
  const now = Date.now();
  if (hit && fresh(hit, now)) return withPending(hit.facts);
  const since = generation;
  const live = changesAreLive();
  const facts = await load("s.id", id);
  keep(id, facts, since, live, now);
  return withPending(facts);
}

/** The session a session token belongs to (by its hash); null when no session has it. */
export async function sessionByToken(token: string): Promise<SessionFacts | null> {
  if (!/^tas_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  listen();
  const hash = sha256(token);
  let id = byToken.get(hash);
  if (id === undefined) {
    const since = generation;
    const live = changesAreLive();
    const at = Date.now();
    const facts = await load(`s."tokenHash"`, hash);
    id = facts?.id ?? null;
    // A token names one session for good (a renewal issues a new token), so the mapping stays.
    if (byToken.size > 50_000) byToken.clear();
    byToken.set(hash, id);
    if (facts) keep(facts.id, facts, since, live, at);
  }
  if (!id) return null;
  const facts = await sessionById(id);
  // A renewed session has a new token: the old one stops working.
  return facts && facts.tokenHash === hash ? facts : null;
}

type Liveness = { live: true } | { live: false; reason: string };

/** Live = not ended, task not over, token (when one is used) not expired. */
export function liveness(s: SessionFacts, now = new Date(), viaToken = false): Liveness {
  if (s.endedAt) return { live: false, reason: "agent session was ended" };
  if (s.expiresAt <= now) return { live: false, reason: "agent session expired" };
  if (viaToken && s.tokenExpiresAt && s.tokenExpiresAt <= now)
    return { live: false, reason: "agent session token expired; renew it" };
  return { live: true };
}

type Counts = { calls: number; denies: number };
// Counted here, not yet sent; and sent, not yet answered (the write-back in flight).
const pendingCounts = new Map<string, Counts>();
let sending = new Map<string, Counts>();

function withPending(f: SessionFacts | null): SessionFacts | null {
  if (!f) return null;
  const p = pendingCounts.get(f.id);
  const s = sending.get(f.id);
  if (!p && !s) return f;
  return {
    ...f,
    calls: f.calls + (p?.calls ?? 0) + (s?.calls ?? 0),
    denies: f.denies + (p?.denies ?? 0) + (s?.denies ?? 0),
  };
}

let flushTimer: NodeJS.Timeout | undefined;
let flushing: Promise<void> | null = null;
/** Counts a decision of a session; written back within ~0.5 s in one statement. */
export function countSessionCall(id: string, denied: boolean): void {
  const key = id.toLowerCase();
  const p = pendingCounts.get(key) ?? { calls: 0, denies: 0 };
  p.calls += 1;
  if (denied) p.denies += 1;
  pendingCounts.set(key, p);
  flushTimer ??= setTimeout(() => void flushCounts(), 500);
  flushTimer.unref?.();
}

/** Writes the counted calls back, one write-back at a time; a failed one is retried with the next. */
export async function flushCounts(): Promise<void> {
  flushTimer = undefined;
  while (flushing) await flushing;
  if (pendingCounts.size === 0) return;
  sending = new Map(pendingCounts);
  pendingCounts.clear();
  const batch = [...sending.entries()];
  flushing = (async () => {
    try {
      // The totals come back with the write: they include other processes' counts (these writes
      // announce nothing), so every process sees the session's calls as of its last flush.
      const { rows } = await pool().query<{ id: string; calls: number; denies: number }>(
        `UPDATE "AgentSession" s SET calls = s.calls + v.c, denies = s.denies + v.d
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(id, c, d) WHERE s.id = v.id
         RETURNING s.id, s.calls, s.denies`,
        [batch.map(([id]) => id), batch.map(([, p]) => p.calls), batch.map(([, p]) => p.denies)],
      );
      for (const row of rows) {
        const hit = byId.get(row.id);
        // Never backwards: a total read before a change's reload landed is not older than the cache.
        if (hit?.facts)
          hit.facts = {
            ...hit.facts,
            calls: Math.max(row.calls, hit.facts.calls),
            denies: Math.max(row.denies, hit.facts.denies),
          };
      }
    } catch (error) {
      // Counted again with the next write-back, not lost.
      for (const [id, c] of batch) {
        const p = pendingCounts.get(id) ?? { calls: 0, denies: 0 };
        pendingCounts.set(id, { calls: p.calls + c.calls, denies: p.denies + c.denies });
      }
      flushTimer ??= setTimeout(() => void flushCounts(), 500);
      flushTimer.unref?.();
      console.error(
        "[triad] agent session counters not written:",
        error instanceof Error ? error.message : error,
      );
    } finally {
      sending = new Map();
      flushing = null;
    }
  })();
  await flushing;
}

/** Drops this process's copy of a session (the writer of a change calls it too). */
export function forgetSession(id: string): void {
  invalidate(id);
}
