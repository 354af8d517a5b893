import { randomUUID } from "node:crypto";
import type { LedgerAction } from "@/lib/ledger/actions";
import { z } from "zod";
import { db } from "@/lib/db";
import { recordRefusal } from "@/lib/auth/refusals";
import { newSecret, sha256 } from "@/lib/crypto/tokens";
import { Conflict, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { announceChange } from "@/lib/changes/channel";
import { authenticateClient, type ClientCredentials } from "@/lib/tokens/client-auth";
import { forgetSession } from "@/lib/enforcement/agent/session";
import { verifyDelegatedToken } from "@/lib/tokens/exchange";
import type { Caller } from "@/lib/ownership/caller";
import { sponsoredWhere } from "./mutations";

// Sessions bound every agent run: opened with the agent's client credentials and a task (and,
// when acting for a person, that person's proven delegation), answered with a session id and a
// short-lived session token. Only the token's hash is stored.

const SESSION_TOKEN_MINUTES = 15;

const openSessionSchema = z.object({
  task: z.string().trim().min(3, "task: say what this run is for (at least 3 characters)").max(200),
  ttl_minutes: z.coerce.number().int().min(1).max(1440).optional(),
  subject_token: z.string().max(8192).optional(),
});

type SessionRefusal = { ok: false; status: 400 | 401 | 403 | 404 | 409; error: string; message: string };
type OpenedSession = {
  ok: true;
  sessionId: string;
  sessionToken: string;
  tokenExpiresAt: Date;
  expiresAt: Date;
  onBehalfOf: string | null;
};

const refuse = (status: SessionRefusal["status"], error: string, message: string): SessionRefusal => ({
  ok: false,
  status,
  error,
  message,
});

async function ledgerRefusal(
  who: LedgerActor,
  target: string | null,
  r: SessionRefusal,
): Promise<SessionRefusal> {
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: who,
      action: "agent_session.refused",
      target,
      details: { error: r.error, reason: r.message },
    }),
  );
  return r;
}

/** Which agent these client credentials prove, and whether it may run now. */
async function authenticateAgent(credentials: ClientCredentials) {
  const client = await authenticateClient(credentials);
  if (!client?.actorId) return null;
  const actor = await db.actor.findUnique({
    where: { id: client.actorId },
    select: {
      id: true,
      kind: true,
      status: true,
      displayName: true,
      agent: { select: { sponsorId: true, maxSessionTtlMinutes: true, expiresAt: true } },
    },
  });
  if (!actor || actor.kind !== "AGENT" || !actor.agent) return null;
  return { client, actor, agent: actor.agent };
}

export async function openSession(
  credentials: ClientCredentials,
  raw: unknown,
  source = "unknown",
): Promise<OpenedSession | SessionRefusal> {
  const anon: LedgerActor = {
    id: credentials?.clientId?.slice(0, 200) ?? "anonymous",
    kind: "API_CLIENT",
    name: "agent runtime",
  };
  const auth = await authenticateAgent(credentials);
  if (!auth) {
    // Unauthenticated: folded per address and minute, not one ledger entry per request.
    await recordRefusal(source, "token_unauthenticated", { via: "agent session", clientId: anon.id });
    return refuse(
      401,
      "invalid_client",
      "Authenticate with the agent's client credentials (HTTP Basic client_id:client_secret).",
    );
  }
  const { actor, agent } = auth;
  const who: LedgerActor = { id: actor.id, kind: "AGENT", name: actor.displayName };
  const target = `actor:${actor.id}`;
  const parsed = openSessionSchema.safeParse(raw);
  if (!parsed.success)
    return ledgerRefusal(
      who,
      target,
      refuse(400, "invalid_request", parsed.error.issues.map((i) => i.message).join("; ")),
    );
  const input = parsed.data;
  const now = new Date();
  if (actor.status !== "ACTIVE")
    return ledgerRefusal(
      who,
      target,
      refuse(
        403,
        "agent_inactive",
        `${actor.displayName} is ${actor.status.toLowerCase()}; it cannot open sessions.`,
      ),
    );
  if (!agent.sponsorId)
    return ledgerRefusal(who, target, refuse(403, "no_sponsor", `${actor.displayName} has no sponsor.`));
  if (agent.expiresAt && agent.expiresAt <= now)
    return ledgerRefusal(
      who,
      target,
      refuse(
        403,
        "agent_expired",
        `${actor.displayName} expired on ${agent.expiresAt.toISOString().slice(0, 10)}.`,
      ),
    );

  let onBehalfOfId: string | null = null;
  let consentId: string | null = null;
  let consentEnds: Date | null = null;
  if (input.subject_token) {
    const proof = await verifyDelegatedToken(input.subject_token, actor.id);
    if (!proof.ok) return ledgerRefusal(who, target, refuse(403, "invalid_delegation", proof.message));
    const consent = await db.agentConsent.findUnique({
      where: { id: proof.consentId },
      select: { expiresAt: true, revokedAt: true },
    });
    if (!consent || consent.revokedAt || consent.expiresAt <= now)
      return ledgerRefusal(who, target, refuse(403, "invalid_delegation", "The person's consent has ended."));
    onBehalfOfId = proof.humanId;
    consentId = proof.consentId;
    consentEnds = consent.expiresAt;
  }

  const ttl = Math.min(input.ttl_minutes ?? agent.maxSessionTtlMinutes, agent.maxSessionTtlMinutes);
  // A session acting for a person never outlives that person's consent.
  const expiresAt = new Date(Math.min(now.getTime() + ttl * 60_000, consentEnds?.getTime() ?? Infinity));
  const token = newSecret("tas");
  const tokenExpiresAt = new Date(
    Math.min(expiresAt.getTime(), now.getTime() + SESSION_TOKEN_MINUTES * 60_000),
  );
  const id = randomUUID();
  await db.$transaction(async (tx) => {
    await tx.agentSession.create({
      data: {
        id,
        agentId: actor.id,
        onBehalfOfId,
        consentId,
        task: input.task,
        startedAt: now,
        expiresAt,
        tokenHash: sha256(token),
        tokenExpiresAt,
      },
    });
    await tx.agentProfile.update({ where: { actorId: actor.id }, data: { lastActiveAt: now } });
    await appendLedger(tx, {
      actor: who,
      action: "agent_session.opened",
      target,
      details: {
        sessionId: id,
        task: input.task,
        onBehalfOf: onBehalfOfId,
        consentId,
        expiresAt: expiresAt.toISOString(),
      },
    });
  });
  return {
    ok: true,
    sessionId: id,
    sessionToken: token,
    tokenExpiresAt,
    expiresAt,
    onBehalfOf: onBehalfOfId,
  };
}

/** A new session token for a live session (the old one stops working); never past the task's end. */
export async function renewSession(
  token: string,
  source = "unknown",
): Promise<{ ok: true; sessionToken: string; tokenExpiresAt: Date } | SessionRefusal> {
  const s = await db.agentSession.findUnique({
    where: { tokenHash: sha256(token) },
    select: {
      id: true,
      agentId: true,
      endedAt: true,
      expiresAt: true,
      agent: { select: { displayName: true, status: true } },
    },
  });
  const now = new Date();
  if (!s) {
    await recordRefusal(source, "token_unauthenticated", { via: "agent session renewal" });
    return refuse(401, "invalid_token", "Unknown or superseded session token.");
  }
  const who: LedgerActor = { id: s.agentId, kind: "AGENT", name: s.agent.displayName };
  if (s.endedAt || s.expiresAt <= now || s.agent.status !== "ACTIVE")
    return ledgerRefusal(
      who,
      `actor:${s.agentId}`,
      refuse(401, "session_ended", "The session is over; open a new one."),
    );
  const next = newSecret("tas");
  const tokenExpiresAt = new Date(
    Math.min(s.expiresAt.getTime(), now.getTime() + SESSION_TOKEN_MINUTES * 60_000),
  );
  await db.$transaction(async (tx) => {
    const { count } = await tx.agentSession.updateMany({
      where: { id: s.id, tokenHash: sha256(token), endedAt: null },
      data: { tokenHash: sha256(next), tokenExpiresAt },
    });
    if (count !== 1) throw new Conflict("The session changed meanwhile.");
    await appendLedger(tx, {
      actor: who,
      action: "agent_session.renewed",
      target: `actor:${s.agentId}`,
      details: { sessionId: s.id, tokenExpiresAt: tokenExpiresAt.toISOString() },
    });
    await announceChange(tx, "agent-session", s.id);
  });
  forgetSession(s.id);
  return { ok: true, sessionToken: next, tokenExpiresAt };
}

/** Ends a session. `by` is the agent itself (DELETE) or a sponsor/admin (kill). */
async function end(
  where: { id: string; agentId?: string; agent?: { agent: ReturnType<typeof sponsoredWhere> } },
  by: LedgerActor,
  reason: string,
  action: LedgerAction,
): Promise<{ sessionId: string }> {
  const sessionId = await db.$transaction(async (tx) => {
    const s = await tx.agentSession.findFirst({
      where: { ...where, endedAt: null },
      select: { id: true, agentId: true },
    });
    if (!s) throw new NotFound("No live session with that id that you may end.");
    const { count } = await tx.agentSession.updateMany({
      where: { id: s.id, endedAt: null },
      data: { endedAt: new Date(), endReason: reason, endedBy: by.id },
    });
    if (count !== 1) throw new Conflict("The session was just ended.");
    await appendLedger(tx, {
      actor: by,
      action,
      target: `actor:${s.agentId}`,
      details: { sessionId: s.id, reason },
    });
    // Every process drops its copy: the session's tokens are refused at once everywhere.
    await announceChange(tx, "agent-session", s.id);
    return s.id;
  });
  forgetSession(sessionId);
  return { sessionId };
}

export function endOwnSession(agent: { id: string; name: string }, sessionId: string) {
  return end(
    { id: sessionId, agentId: agent.id },
    { id: agent.id, kind: "AGENT", name: agent.name },
    "ended by the agent",
    "agent_session.ended",
  );
}

export function killSession(caller: Caller, sessionId: string, reason: string) {
  return end(
    { id: sessionId, agent: { agent: sponsoredWhere(caller) } },
    caller.ledger,
    reason,
    "agent_session.killed",
  );
}
