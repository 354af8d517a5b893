import { pool } from "@/lib/db/pool";
import { onChange } from "@/lib/changes/listen";
import { sha256 } from "@/lib/crypto/tokens";

// Agent sessions on the decision path. A session is read once and cached in this process until
// the change channel says it changed (killed, ended, renewed); the short TTL only covers a lost
// listener. Calls and denies are counted here and written back in small batches, so a policy
// sees "calls so far" without a write per decision.

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

const TTL_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Entry = { at: number; facts: SessionFacts | null };
const byId = new Map<string, Entry>();
const byToken = new Map<string, string | null>();
const pendingCounts = new Map<string, { calls: number; denies: number }>();

const globalForSessions = globalThis as unknown as { triadAgentSessionsListening?: boolean };
function listen() {
  if (globalForSessions.triadAgentSessionsListening) return;
  globalForSessions.triadAgentSessionsListening = true;
  onChange("agent-session", (change) => {
    if (change.id) byId.delete(change.id);
    else byId.clear();
  });
  onChange("actor", () => byId.clear());
}

const SQL = `SELECT s.id, s."agentId", a."displayName" AS "agentName", s."onBehalfOfId", s."consentId", coalesce(s.task, '') AS task,
  s."startedAt", s."expiresAt", s."tokenExpiresAt", s."endedAt", s.calls, s.denies, s."tokenHash"
  FROM "AgentSession" s JOIN "Actor" a ON a.id = s."agentId"`;

async function load(where: string, value: string): Promise<SessionFacts | null> {
  const { rows } = await pool().query<SessionFacts>(`${SQL} WHERE ${where} = $1`, [value]);
  return rows[0] ?? null;
}

/** The session's facts (cached), whatever its state; null when unknown. */
export async function sessionById(id: string): Promise<SessionFacts | null> {
  if (!UUID.test(id)) return null;
  listen();
  const hit = byId.get(id);
  const now = Date.now();
  if (hit && now - hit.at < TTL_MS) return withPending(hit.facts);
  const facts = await load("s.id", id);
  if (byId.size > 50_000) byId.clear();
  byId.set(id, { at: now, facts });
  return withPending(facts);
}

/** The session a session token belongs to (by its hash); null when no session has it. */
export async function sessionByToken(token: string): Promise<SessionFacts | null> {
  if (!/^tas_[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  listen();
  const hash = sha256(token);
  let id = byToken.get(hash);
  if (id === undefined) {
    const facts = await load(`s."tokenHash"`, hash);
    id = facts?.id ?? null;
    if (byToken.size > 50_000) byToken.clear();
    byToken.set(hash, id);
    if (facts) byId.set(facts.id, { at: Date.now(), facts });
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

function withPending(f: SessionFacts | null): SessionFacts | null {
  if (!f) return null;
  const p = pendingCounts.get(f.id);
  return p ? { ...f, calls: f.calls + p.calls, denies: f.denies + p.denies } : f;
}

let flushTimer: NodeJS.Timeout | undefined;
/** Counts a decision of a session; written back within ~0.5 s in one statement. */
export function countSessionCall(id: string, denied: boolean): void {
  const p = pendingCounts.get(id) ?? { calls: 0, denies: 0 };
  p.calls += 1;
  if (denied) p.denies += 1;
  pendingCounts.set(id, p);
  flushTimer ??= setTimeout(() => void flushCounts(), 500);
  flushTimer.unref?.();
}

export async function flushCounts(): Promise<void> {
  flushTimer = undefined;
  if (pendingCounts.size === 0) return;
  const batch = [...pendingCounts.entries()];
  pendingCounts.clear();
  try {
    await pool().query(
      `UPDATE "AgentSession" s SET calls = s.calls + v.c, denies = s.denies + v.d
       FROM unnest($1::uuid[], $2::int[], $3::int[]) AS v(id, c, d) WHERE s.id = v.id`,
      [batch.map(([id]) => id), batch.map(([, p]) => p.calls), batch.map(([, p]) => p.denies)],
    );
    for (const [id, p] of batch) {
      const hit = byId.get(id);
      if (hit?.facts)
        hit.facts = { ...hit.facts, calls: hit.facts.calls + p.calls, denies: hit.facts.denies + p.denies };
    }
  } catch (error) {
    console.error(
      "[triad] agent session counters not written:",
      error instanceof Error ? error.message : error,
    );
  }
}

/** Drops this process's copy of a session (the writer of a change calls it too). */
export function forgetSession(id: string): void {
  byId.delete(id);
}
