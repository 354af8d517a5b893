import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { announceChange } from "@/lib/changes/channel";
import { issueDelegationToken } from "@/lib/tokens/exchange";
import { forgetSession } from "@/lib/enforcement/agent/session";

// A person's consent that an agent may act for them (what, until when), given and withdrawn
// by that person only. Giving it hands them a delegation token to pass to the agent, which the
// agent exchanges (RFC 8693) at /api/v1/tokens.

type ConsentInput = { agentId: string; purpose: string; scopes?: string; minutes: number };

export async function giveConsent(
  person: { actorId: string | null; ledger: LedgerActor },
  input: ConsentInput,
): Promise<{ consentId: string; delegationToken: string; expiresAt: Date }> {
  if (!person.actorId)
    throw new Invalid("Your account is not linked to a person, so no agent can act for you.");
  const humanId = person.actorId;
  const scopes = [...new Set((input.scopes ?? "").split(/[\s,]+/).filter(Boolean))];
  if (scopes.some((s) => s.length > 100))
    throw new Invalid("A scope is too long.", { scopes: ["At most 100 characters each."] });
  const expiresAt = new Date(Date.now() + input.minutes * 60_000);
  const consent = await db.$transaction(async (tx) => {
    const agent = await tx.actor.findFirst({
      where: { id: input.agentId, kind: "AGENT", status: "ACTIVE" },
      select: { id: true, displayName: true },
    });
    if (!agent) throw new NotFound("No active agent with that id.");
    const row = await tx.agentConsent.create({
      data: { humanId, agentId: agent.id, purpose: input.purpose, scopes, expiresAt },
      select: { id: true },
    });
    await appendLedger(tx, {
      actor: person.ledger,
      action: "agent_consent.given",
      target: `actor:${agent.id}`,
      details: {
        consentId: row.id,
        humanId,
        purpose: input.purpose,
        scopes,
        expiresAt: expiresAt.toISOString(),
      },
    });
    return row;
  });
  const delegationToken = await issueDelegationToken({
    humanId,
    agentId: input.agentId,
    consentId: consent.id,
    scopes,
    expiresAt,
  });
  return { consentId: consent.id, delegationToken, expiresAt };
}

/** Withdraws a consent (the person's own only) and ends every session that relied on it. */
export async function revokeConsent(
  person: { actorId: string | null; ledger: LedgerActor },
  consentId: string,
): Promise<{ sessionsEnded: number }> {
  const ended = await db.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.agentConsent.updateMany({
      where: {
        id: consentId,
        humanId: person.actorId ?? "00000000-0000-0000-0000-000000000000",
        revokedAt: null,
      },
      data: { revokedAt: now },
    });
    if (count !== 1) throw new NotFound("No active consent of yours with that id.");
    const sessions = await tx.agentSession.findMany({
      where: { consentId, endedAt: null },
      select: { id: true },
    });
    await tx.agentSession.updateMany({
      where: { id: { in: sessions.map((s) => s.id) } },
      data: { endedAt: now, endReason: "consent withdrawn", endedBy: person.ledger.id },
    });
    for (const s of sessions) await announceChange(tx, "agent-session", s.id);
    await appendLedger(tx, {
      actor: person.ledger,
      action: "agent_consent.revoked",
      target: `actor:${person.actorId}`,
      details: { consentId, sessionsEnded: sessions.length },
    });
    return sessions.map((s) => s.id);
  });
  // This process at once; the others when the change channel tells them.
  for (const id of ended) forgetSession(id);
  return { sessionsEnded: ended.length };
}

export async function listMyConsents(humanId: string) {
  return db.agentConsent.findMany({
    where: { humanId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      purpose: true,
      scopes: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      agent: { select: { id: true, displayName: true } },
    },
  });
}
