import type { Prisma } from "@/lib/generated/prisma/client";
import type { Outcome } from "@/lib/enforcement/decide";
import type { LedgerEvent } from "@/lib/ledger/append";
import type { LedgerActorKind } from "@/lib/ledger/hash";
import type { CompiledPolicySet } from "@/lib/policy/compile";
import type { Evaluation } from "./schemas";

// What a decision's ledger entry says: who asked, about whom, what, the answer and why.

/** Who asked: an API client (PEP) by default; console flows pass their own ledger actor kind. */
export type Caller = { id: string; name: string; kind?: LedgerActorKind };
const CONTEXT_CAP = 2048;

function capped(value: unknown): Prisma.InputJsonValue | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text.length <= CONTEXT_CAP) return value as Prisma.InputJsonValue;
  return { truncated: true, bytes: text.length, preview: text.slice(0, CONTEXT_CAP) };
}

export function decisionEvent(
  caller: Caller,
  req: Evaluation,
  outcome: Outcome,
  set?: CompiledPolicySet,
): LedgerEvent {
  return {
    actor: { id: caller.id, kind: caller.kind ?? "API_CLIENT", name: caller.name },
    action: "decision.evaluated",
    target: outcome.subject.id ? `actor:${outcome.subject.id}` : null,
    details: {
      client: caller.name,
      subject: {
        type: req.subject.type,
        id: req.subject.id,
        kind: outcome.subject.kind,
        actorId: outcome.subject.id,
        name: outcome.subject.name,
      },
      action: req.action.name,
      resource: { type: req.resource.type, id: req.resource.id, properties: capped(req.resource.properties) },
      context: capped(req.context),
      subjectProperties: capped(req.subject.properties),
      decision: outcome.decision === "allow" ? "ALLOW" : "DENY",
      policies: outcome.policies,
      policyVersion: outcome.versionHash,
      // The member versions of the active set (its hash is theirs when only one set is active).
      policyVersions: set
        ? set.versions.map((v) => ({ set: v.setName, version: v.version, hash: v.hash }))
        : [],
      reason: outcome.reason,
      onBehalfOf: outcome.onBehalfOf ?? null,
      proposalId: outcome.proposal?.id ?? outcome.approval?.proposalId ?? null,
      sessionId: outcome.session?.id ?? null,
      approvedBy: outcome.approval?.approvedById ?? null,
      refusal: outcome.refusal?.error ?? null,
    },
  };
}
