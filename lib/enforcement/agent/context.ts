import type { Context } from "@/lib/policy/cedar";
import { baseContext, type PepContext } from "../context";
import type { AgentRecord, ResourceRecord, SubjectRecord } from "../records";
import type { SessionFacts } from "./session";

export type OnBehalfOf = SubjectRecord | null;

// Agent path: tool boundary, live session (and its facts), and the on-behalf-of chain.
export function agentContext(
  a: AgentRecord,
  resource: ResourceRecord,
  now: Date,
  pep: PepContext,
  sessionLive: boolean,
  obo: OnBehalfOf,
  session: SessionFacts | null = null,
): Context {
  const ctx = baseContext("agent", now, pep, a.riskScore);
  ctx.sessionLive = sessionLive;
  if (session) {
    ctx.sessionTask = session.task.slice(0, 200);
    ctx.sessionAgeSeconds = Math.max(0, Math.floor((now.getTime() - session.startedAt.getTime()) / 1000));
    ctx.sessionCalls = session.calls;
    ctx.sessionDenies = session.denies;
    // The session's task is the task: a PEP cannot restate it.
    ctx.task = session.task.slice(0, 200);
  }
  ctx.toolInBoundary =
    resource.type === "Tool" && (a.tools.includes(resource.name) || a.tools.includes(resource.id));
  if (obo) {
    ctx.onBehalfOfKind = obo.kind;
    ctx.onBehalfOfId = obo.id;
  }
  return ctx;
}

/** May this agent act for that principal at all (its OnBehalfOfScope)? */
export function checkOnBehalfOf(
  a: AgentRecord,
  obo: OnBehalfOf,
): { ok: true } | { ok: false; reason: string } {
  if (!obo) return { ok: true };
  if (obo.kind === "AGENT") return { ok: false, reason: "an agent cannot act on behalf of another agent" };
  if (obo.status !== "ACTIVE")
    return { ok: false, reason: `on-behalf-of principal ${obo.name} is ${obo.status.toLowerCase()}` };
  if (obo.kind === "NHI") {
    if (a.onBehalfOfScope === "NONE") return { ok: false, reason: "agent may not act on behalf of anyone" };
    const ok = (!!obo.ownerId && obo.ownerId === a.sponsorId) || (!!obo.teamId && obo.teamId === a.teamId);
    return ok
      ? { ok: true }
      : { ok: false, reason: "agent may only act for NHIs owned by its sponsor or its team" };
  }
  if (a.actForIds?.length && !a.actForIds.includes(obo.id))
    return { ok: false, reason: `agent may not act on behalf of ${obo.name}` };
  switch (a.onBehalfOfScope) {
    case "NONE":
      return { ok: false, reason: "agent may not act on behalf of anyone" };
    case "SPONSOR":
      return obo.id === a.sponsorId
        ? { ok: true }
        : { ok: false, reason: "agent may only act on behalf of its sponsor" };
    case "TEAM":
      return obo.id === a.sponsorId || (!!obo.teamId && obo.teamId === a.teamId)
        ? { ok: true }
        : { ok: false, reason: "agent may only act on behalf of its team" };
    case "ANY_HUMAN":
      return { ok: true };
  }
}

export type PathAnswer = { decision: "allow" | "deny"; policies: string[]; reason: string };

/**
 * On-behalf-of never exceeds the principal's own permissions: allow only when the agent's own
 * evaluation AND the principal's evaluation (same action, same resource) allow.
 */
export function intersect(
  agent: PathAnswer,
  principal: PathAnswer | null,
  principalName: string,
): PathAnswer {
  if (!principal) return agent;
  if (agent.decision === "deny") return agent;
  if (principal.decision === "deny") {
    return {
      decision: "deny",
      policies: principal.policies,
      reason: `on-behalf-of ${principalName} does not hold this access: ${principal.reason}`,
    };
  }
  return {
    decision: "allow",
    policies: [...new Set([...agent.policies, ...principal.policies])],
    reason: agent.reason,
  };
}

const READ_ACTIONS = new Set(["readData", "can_read_user", "can_read_todos"]);

/** Autonomy: SUGGEST_ONLY needs approval for everything, ACT_WITH_APPROVAL for every non-read action. */
export function autonomyNeedsApproval(a: AgentRecord, action: string): boolean {
  if (a.autonomy === "SUGGEST_ONLY") return true;
  if (a.autonomy === "ACT_WITH_APPROVAL") return !READ_ACTIONS.has(action);
  return false;
}
