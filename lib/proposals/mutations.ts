import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { newSecret, sha256 } from "@/lib/crypto/tokens";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { cancelJob, scheduleJob } from "@/lib/jobs/schedule";
import { notify } from "@/lib/inbox/notify";
import type { Prisma } from "@/lib/generated/prisma/client";
import { actionHash, PROPOSAL_TTL_MINUTES } from "./hash";
import type { DecideProposalInput, ProposeInput } from "./schemas";

// Humans decide what agents propose. An approval is never standing access: it lets the agent
// pick up one credential, bound to the exact action and arguments, valid for minutes and for
// one use (or N). The decision API still evaluates the policy when it is presented.

type Approver = { actorId: string | null; ledger: LedgerActor };

/** Proposals this person decides: of agents they sponsor, or made on their behalf. */
export function decidableWhere(personId: string | null): Prisma.AgentProposalWhereInput {
  const me = personId ?? "00000000-0000-0000-0000-000000000000";
  return { OR: [{ onBehalfOfId: me }, { onBehalfOfId: null, agent: { agent: { sponsorId: me } } }] };
}

export async function decideProposal(
  approver: Approver,
  input: DecideProposalInput,
  stepUpAt: Date,
): Promise<{ status: "APPROVED" | "REJECTED" }> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const p = await tx.agentProposal.findFirst({
      where: { id: input.proposalId, ...decidableWhere(approver.actorId) },
      select: {
        id: true,
        agentId: true,
        status: true,
        expiresAt: true,
        action: true,
        resource: true,
        argsHash: true,
      },
    });
    if (!p) throw new NotFound("No proposal with that id that you may decide.");
    if (p.status !== "PENDING") throw new Conflict(`This proposal is already ${p.status.toLowerCase()}.`);
    if (p.expiresAt && p.expiresAt <= now) throw new Conflict("This proposal expired before it was decided.");
    const approve = input.decision === "APPROVE";
    const { count } = await tx.agentProposal.updateMany({
      where: { id: p.id, status: "PENDING" },
      data: approve
        ? {
            status: "APPROVED",
            decidedById: approver.actorId,
            decidedAt: now,
            decisionNote: input.note ?? null,
            maxUses: input.uses,
            usesLeft: input.uses,
            credentialExpiresAt: new Date(now.getTime() + input.validMinutes * 60_000),
          }
        : {
            status: "REJECTED",
            decidedById: approver.actorId,
            decidedAt: now,
            decisionNote: input.note ?? null,
          },
    });
    if (count !== 1) throw new Conflict("Someone decided this proposal meanwhile.");
    await cancelJob(tx, `proposal-expire:${p.id}`);
    await appendLedger(tx, {
      actor: approver.ledger,
      action: approve ? "agent_proposal.approved" : "agent_proposal.rejected",
      target: `actor:${p.agentId}`,
      details: {
        proposalId: p.id,
        action: p.action,
        resource: p.resource,
        argsHash: p.argsHash,
        note: input.note ?? null,
        stepUpAt: stepUpAt.toISOString(),
        ...(approve ? { uses: input.uses, validMinutes: input.validMinutes } : {}),
      },
    });
    return { status: approve ? "APPROVED" : "REJECTED" };
  });
}

/**
 * The agent collects its approval credential, once: generated now, only its hash stored.
 * Refused for other agents, undecided or rejected proposals, and a second pickup.
 */
export async function collectCredential(
  agent: { id: string; name: string },
  proposalId: string,
): Promise<{ credential: string; expiresAt: Date; uses: number }> {
  const credential = newSecret("tap");
  return db.$transaction(async (tx) => {
    const p = await tx.agentProposal.findFirst({
      where: { id: proposalId, agentId: agent.id },
      select: { status: true, credentialHash: true, credentialExpiresAt: true, usesLeft: true },
    });
    if (!p) throw new NotFound("No proposal of this agent with that id.");
    if (p.status !== "APPROVED")
      throw new Conflict(`The proposal is ${p.status.toLowerCase()}, not approved.`);
    if (p.credentialHash) throw new Conflict("The credential of this approval was already collected.");
    const { count } = await tx.agentProposal.updateMany({
      where: { id: proposalId, credentialHash: null, credentialExpiresAt: { gt: new Date() } },
      data: { credentialHash: sha256(credential), credentialIssuedAt: new Date() },
    });
    if (count !== 1) throw new Conflict("The approval expired, or its credential was just collected.");
    await appendLedger(tx, {
      actor: { id: agent.id, kind: "AGENT", name: agent.name },
      action: "agent_proposal.credential_collected",
      target: `actor:${agent.id}`,
      details: { proposalId },
    });
    return { credential, expiresAt: p.credentialExpiresAt!, uses: p.usesLeft };
  });
}

/** MCP propose_access: a pending proposal, never an approval. */
export async function propose(
  agent: { id: string; name: string; sessionId: string | null; onBehalfOfId: string | null },
  input: ProposeInput,
): Promise<{ proposalId: string; expiresAt: Date }> {
  const id = randomUUID();
  const resource = `${input.resource.type}:${input.resource.id}${input.operation ? `#${input.operation}` : ""}`;
  const args = input.arguments ?? {};
  const expiresAt = new Date(Date.now() + PROPOSAL_TTL_MINUTES * 60_000);
  return db.$transaction(async (tx) => {
    const profile = await tx.agentProfile.findUnique({
      where: { actorId: agent.id },
      select: { sponsorId: true },
    });
    if (!profile?.sponsorId) throw new Invalid("This agent has no sponsor to decide its proposals.");
    await tx.agentProposal.create({
      data: {
        id,
        agentId: agent.id,
        onBehalfOfId: agent.onBehalfOfId,
        action: input.action,
        resource,
        context: { via: "mcp" },
        reason: input.reason,
        arguments: args as Prisma.InputJsonObject,
        argsHash: actionHash({
          agentId: agent.id,
          onBehalfOfId: agent.onBehalfOfId,
          action: input.action,
          resource,
          arguments: args,
        }),
        sessionId: agent.sessionId,
        expiresAt,
      },
    });
    await scheduleJob(
      tx,
      "proposals.expire",
      { id },
      { runAt: expiresAt, jobKey: `proposal-expire:${id}`, maxAttempts: 5 },
    );
    await notify(tx, agent.onBehalfOfId ?? profile.sponsorId, {
      kind: "agent.proposal",
      title: `${agent.name} proposes ${input.action} on ${resource}`,
      body: input.reason,
      link: "/proposals",
    });
    await appendLedger(tx, {
      actor: { id: agent.id, kind: "AGENT", name: agent.name },
      action: "agent_proposal.created",
      target: `actor:${agent.id}`,
      details: {
        proposalId: id,
        action: input.action,
        resource,
        reason: input.reason,
        sessionId: agent.sessionId,
      },
    });
    return { proposalId: id, expiresAt };
  });
}
