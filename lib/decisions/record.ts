import type { Prisma } from "@/lib/generated/prisma/client";
import type { Outcome } from "@/lib/enforcement/decide";
import type { LedgerEvent } from "@/lib/ledger/append";
import type { Evaluation } from "./schemas";

// What a decision's ledger entry says: who asked, about whom, what, the answer and why.

export type Caller = { id: string; name: string };
const CONTEXT_CAP = 2048;

function capped(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text.length <= CONTEXT_CAP) return value as Prisma.InputJsonValue;
  return { truncated: true, bytes: text.length, preview: text.slice(0, CONTEXT_CAP) };
}

export function decisionEvent(caller: Caller, req: Evaluation, outcome: Outcome): LedgerEvent {
  return {
    actor: { id: caller.id, kind: "API_CLIENT", name: caller.name },
    action: "decision.evaluated",
    target: outcome.subject.id ? `actor:${outcome.subject.id}` : null,
    details: {
      client: caller.name,
      subject: { type: req.subject.type, id: req.subject.id, kind: outcome.subject.kind, actorId: outcome.subject.id, name: outcome.subject.name },
      action: req.action.name,
      resource: { type: req.resource.type, id: req.resource.id, properties: capped(req.resource.properties) },
      context: capped(req.context),
      subjectProperties: capped(req.subject.properties),
      decision: outcome.decision === "allow" ? "ALLOW" : "DENY",
      policies: outcome.policies,
      policyVersion: outcome.versionHash,
      reason: outcome.reason,
      onBehalfOf: outcome.onBehalfOf ?? null,
      proposalId: outcome.proposal?.id ?? null,
    },
  };
}
