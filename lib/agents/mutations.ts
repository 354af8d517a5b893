import { randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { Conflict, Invalid, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import { announceChange } from "@/lib/changes/channel";
import { assertReceivable } from "@/lib/ownership/people";
import { personOf, type Caller } from "@/lib/ownership/caller";
import type { Prisma } from "@/lib/generated/prisma/client";
import { forgetSession } from "@/lib/enforcement/agent/session";
import { diff } from "./boundary";
import { EDITABLE_AGENT_FIELDS } from "./queries";
import type { AgentForm, EditAgentInput } from "./schemas";

// Agents as managed objects: sponsors (and admins) register and edit them. Every edit is one
// transaction with its ledger entry, which carries a field-by-field diff.

/** `where` for an agent the caller may manage: its sponsor, or an admin. */
export function sponsoredWhere(caller: Caller): Prisma.AgentProfileWhereInput {
  if (caller.isAdmin) return {};
  return { sponsorId: caller.actorId ?? "00000000-0000-0000-0000-000000000000" };
}

async function resolveActFor(tx: Tx, text: string | undefined): Promise<string[]> {
  const emails = [
    ...new Set(
      (text ?? "")
        .split(/[\s,;]+/)
        .map((e) => e.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (emails.length > 100) throw new Invalid("At most 100 people.", { actFor: ["At most 100 people."] });
  if (!emails.length) return [];
  const found = await tx.humanProfile.findMany({
    where: { email: { in: emails } },
    select: { actorId: true, email: true },
  });
  const missing = emails.filter((e) => !found.some((f) => f.email === e));
  if (missing.length)
    throw new Invalid("Some people are not in the inventory.", {
      actFor: [`Unknown: ${missing.join(", ")}`],
    });
  return found.map((f) => f.actorId);
}

function profileData(input: AgentForm | EditAgentInput, actForIds: string[]) {
  return {
    model: input.model,
    provider: input.provider,
    runtime: input.runtime,
    autonomyLevel: input.autonomy,
    onBehalfOf: input.onBehalfOf,
    actForIds,
    toolBoundary: input.boundary,
    toolAllowList: input.boundary.map((b) => b.tool),
    attestationDays: input.attestationDays,
    maxSessionTtlMinutes: input.maxSessionTtlMinutes,
    expiresAt: input.expiresAt ?? null,
  };
}

/** Registers an agent; the caller is its sponsor unless an admin names another person. */
export async function registerAgent(caller: Caller, input: AgentForm): Promise<{ id: string }> {
  return db.$transaction(async (tx) => {
    let sponsorId = personOf(caller);
    if (input.sponsorEmail) {
      if (!caller.isAdmin)
        throw new Invalid("Only a security admin registers an agent for someone else.", {
          sponsorEmail: ["Leave empty: you sponsor it."],
        });
      const person = await tx.humanProfile.findUnique({
        where: { email: input.sponsorEmail.toLowerCase() },
        select: { actorId: true },
      });
      if (!person) throw new Invalid("No person with that email.", { sponsorEmail: ["Unknown person."] });
      sponsorId = (await assertReceivable(tx, person.actorId, "The sponsor")).id;
    }
    const sponsor = await tx.actor.findUniqueOrThrow({ where: { id: sponsorId }, select: { teamId: true } });
    const actForIds = await resolveActFor(tx, input.actFor);
    const id = randomUUID();
    const data = profileData(input, actForIds);
    await tx.actor.create({
      data: {
        id,
        kind: "AGENT",
        displayName: input.name,
        externalId: `agent-${id}`,
        sourceSystem: "triad",
        teamId: sponsor.teamId,
        agent: { create: { ...data, sponsorId } },
      },
    });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "agent.registered",
      target: `actor:${id}`,
      details: { name: input.name, sponsorId, ...data, expiresAt: data.expiresAt?.toISOString() ?? null },
    });
    await announceChange(tx, "actor", id);
    return { id };
  });
}

/** Edits an agent the caller sponsors (or any, for admins); the ledger entry holds the diff. */
export async function updateAgent(caller: Caller, input: EditAgentInput): Promise<{ changed: string[] }> {
  return db.$transaction(async (tx) => {
    const current = await tx.agentProfile.findFirst({
      where: { actorId: input.agentId, ...sponsoredWhere(caller), actor: { status: { not: "RETIRED" } } },
      select: { ...EDITABLE_AGENT_FIELDS, actor: { select: { displayName: true } } },
    });
    if (!current) throw new NotFound("That agent does not exist, is retired, or you do not sponsor it.");
    const data = profileData(input, await resolveActFor(tx, input.actFor));
    const before = {
      name: current.actor.displayName,
      ...current,
      actor: undefined,
      expiresAt: current.expiresAt?.toISOString() ?? null,
    };
    const after = { name: input.name, ...data, expiresAt: data.expiresAt?.toISOString() ?? null };
    const changes = diff(before, after);
    if (Object.keys(changes).length === 0) return { changed: [] };
    // The sponsor is in the where of the write as well: a sponsor changed meanwhile changes nothing.
    const { count } = await tx.agentProfile.updateMany({
      where: { actorId: input.agentId, ...sponsoredWhere(caller) },
      data,
    });
    if (count !== 1) throw new Conflict("The agent changed hands meanwhile; reload and try again.");
    if (changes.name)
      await tx.actor.update({ where: { id: input.agentId }, data: { displayName: input.name } });
    await appendLedger(tx, {
      actor: caller.ledger,
      action: "agent.updated",
      target: `actor:${input.agentId}`,
      details: { diff: changes as Prisma.InputJsonObject },
    });
    await announceChange(tx, "actor", input.agentId);
    return { changed: Object.keys(changes) };
  });
}

/** Suspends or resumes an agent; suspension ends its live sessions at once. */
export async function setAgentStatus(
  caller: Caller,
  input: { agentId: string; status: "ACTIVE" | "SUSPENDED"; reason: string },
): Promise<void> {
  const ended = await db.$transaction(async (tx) => {
    const agent = await tx.agentProfile.findFirst({
      where: { actorId: input.agentId, ...sponsoredWhere(caller) },
      select: { sponsorId: true, actor: { select: { status: true } } },
    });
    if (!agent) throw new NotFound("That agent does not exist or you do not sponsor it.");
    if (agent.actor.status === "RETIRED" || agent.actor.status === "OFFBOARDING")
      throw new Conflict("A retiring or retired agent cannot be suspended or resumed.");
    if (input.status === "ACTIVE" && !agent.sponsorId)
      throw new Conflict("An agent without a sponsor stays suspended until one accepts it.");
    const from = input.status === "ACTIVE" ? "SUSPENDED" : "ACTIVE";
    const { count } = await tx.actor.updateMany({
      where: { id: input.agentId, status: from },
      data: { status: input.status },
    });
    if (count !== 1) throw new Conflict(`The agent is not ${from.toLowerCase()}.`);
    const live =
      input.status === "SUSPENDED"
        ? await tx.agentSession.findMany({
            where: { agentId: input.agentId, endedAt: null },
            select: { id: true },
          })
        : [];
    await tx.agentSession.updateMany({
      where: { id: { in: live.map((s) => s.id) } },
      data: { endedAt: new Date(), endReason: "agent suspended", endedBy: caller.ledger.id },
    });
    for (const s of live) await announceChange(tx, "agent-session", s.id);
    await appendLedger(tx, {
      actor: caller.ledger,
      action: input.status === "ACTIVE" ? "agent.resumed" : "agent.suspended",
      target: `actor:${input.agentId}`,
      details: { reason: input.reason },
    });
    await announceChange(tx, "actor", input.agentId);
    return live.map((s) => s.id);
  });
  for (const id of ended) forgetSession(id);
}
