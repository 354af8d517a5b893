import { db } from "@/lib/db";
import { recordRefusal } from "@/lib/auth/refusals";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { liveness, sessionByToken, type SessionFacts } from "@/lib/enforcement/agent/session";
import type { Caller } from "@/lib/decisions/record";
import type { Evaluation } from "@/lib/decisions/schemas";

// An agent calling Triad in a session sends `Authorization: Bearer tas_…`. The token names the
// session, the session names the agent: the agent can ask only about itself, in that session,
// for the person the session proved. Refusals are clear 4xx answers and are ledgered.

type SessionAuth =
  | { ok: true; facts: SessionFacts; caller: Caller }
  | { ok: false; status: 401 | 403; error: string; message: string };

export function sessionBearer(header: string | undefined): string | null {
  if (!header?.startsWith("Bearer tas_")) return null;
  return header.slice(7).trim();
}

async function refuse(
  who: LedgerActor,
  target: string | null,
  status: 401 | 403,
  error: string,
  message: string,
): Promise<SessionAuth> {
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: who,
      action: "agent_session.refused",
      target,
      details: { error, reason: message },
    }),
  );
  return { ok: false, status, error, message };
}

export async function authenticateSession(token: string, source: string): Promise<SessionAuth> {
  const facts = await sessionByToken(token);
  if (!facts) {
    // Nobody is authenticated yet: fold repeats per address and minute instead of one ledger
    // entry per request (a flood must not grow the ledger or contend for its lock).
    await recordRefusal(source, "token_unauthenticated", { error: "invalid_token", via: "agent session" });
    return {
      ok: false,
      status: 401,
      error: "invalid_token",
      message: "Unknown or superseded session token; open a session at POST /api/v1/agent-sessions.",
    };
  }
  const who: LedgerActor = { id: facts.agentId, kind: "AGENT", name: facts.agentName };
  const live = liveness(facts, new Date(), true);
  if (!live.live) return refuse(who, `actor:${facts.agentId}`, 401, "session_ended", live.reason);
  return { ok: true, facts, caller: { id: facts.agentId, name: facts.agentName, kind: "AGENT" } };
}

/** Binds an evaluation to the session: its agent as subject, its id in the context. */
export async function bindToSession(
  e: Evaluation,
  facts: SessionFacts,
): Promise<{ ok: true; evaluation: Evaluation } | Extract<SessionAuth, { ok: false }>> {
  if (
    e.subject.type.toLowerCase() !== "agent" ||
    (e.subject.id !== facts.agentId && e.subject.id !== `agent-${facts.agentId}`)
  ) {
    const r = await refuse(
      { id: facts.agentId, kind: "AGENT", name: facts.agentName },
      `actor:${facts.agentId}`,
      403,
      "foreign_session",
      "This session token belongs to another agent: an agent asks only about itself.",
    );
    return r as Extract<SessionAuth, { ok: false }>;
  }
  return {
    ok: true,
    evaluation: {
      ...e,
      subject: { ...e.subject, id: facts.agentId },
      context: { ...(e.context ?? {}), sessionId: facts.id },
    },
  };
}
