import { randomUUID } from "node:crypto";
import { Invalid } from "@/lib/errors";
import { knownActions } from "@/lib/policy/cedar";
import type { CompiledPolicySet } from "@/lib/policy/compile";
import { evaluate, reasonOf, requiresApproval } from "@/lib/policy/pdp";
import type { Evaluation } from "@/lib/decisions/schemas";
import type { PepContext } from "./context";
import { humanContext } from "./human/context";
import { nhiContext } from "./nhi/context";
import { agentContext, autonomyNeedsApproval, checkOnBehalfOf, intersect, type PathAnswer } from "./agent/context";
import { kindOfSubjectType, loadResource, loadSessionLive, loadSubject, type Kind } from "./load";
import { inlineResource, inlineSubject } from "./inline";
import { CEDAR_TYPE, liveAt, resourceEntities, resourceUid, subjectEntity, type ResourceRecord, type SubjectRecord } from "./records";

// One decision: pick the enforcement path by the subject's kind, let it add its checks and
// context, ask the PDP, and (agent path) intersect with the on-behalf-of principal.

export type ProposalDraft = { id: string; agentId: string; onBehalfOfId: string | null; action: string; resource: string; context: Record<string, unknown> };
export type Outcome = {
  decision: "allow" | "deny";
  reason: string;
  policies: string[];
  versionHash: string;
  subject: { kind: Kind; id: string | null; name: string | null };
  onBehalfOf?: { kind: Kind; id: string } | null;
  proposal?: ProposalDraft;
};
export type DecideOptions = {
  set: CompiledPolicySet;
  now?: Date;
  inline?: boolean;
  /** A console session asking for its own human: the time it last passed TOTP (server-side only). */
  console?: { actorId: string; mfaAt: Date | null };
};

function pathEvaluate(set: CompiledPolicySet, s: SubjectRecord, resource: ResourceRecord, action: string, ctx: ReturnType<typeof humanContext>): PathAnswer {
  const answer = evaluate(set, { principal: { type: CEDAR_TYPE[s.kind], id: s.id }, action, resource: resourceUid(resource), context: ctx, entities: [subjectEntity(s), ...resourceEntities(resource)] });
  return { decision: answer.decision, policies: answer.policies, reason: reasonOf(set, answer) };
}

function ownContext(s: SubjectRecord, now: Date, pep: PepContext, con?: DecideOptions["console"]) {
  if (s.kind === "HUMAN") return humanContext(s, now, pep, con && con.actorId === s.id ? con.mfaAt : null);
  return s.kind === "NHI" ? nhiContext(s, now, pep) : null;
}

function refOf(v: unknown): { type: string; id: string } | null {
  if (typeof v === "string" && v) return { type: "human", id: v };
  if (v && typeof v === "object" && typeof (v as { id?: unknown }).id === "string") {
    const t = (v as { type?: unknown }).type;
    return { type: typeof t === "string" ? t : "human", id: (v as { id: string }).id };
  }
  return null;
}

export async function decide(req: Evaluation, opts: DecideOptions): Promise<Outcome> {
  const { set } = opts;
  const now = opts.now ?? new Date();
  const action = req.action.name;
  if (!knownActions().has(action)) throw new Invalid(`unknown action "${action}"; use one of ${[...knownActions()].join(", ")}`);
  const kind = kindOfSubjectType(req.subject.type);
  const pep: PepContext = req.context;
  const deny = (reason: string, subject: Outcome["subject"], policies: string[] = []): Outcome => ({ decision: "deny", reason, policies, versionHash: set.hash, subject });

  const loaded = (await loadSubject(kind, req.subject.id)) ?? (opts.inline ? inlineSubject(kind, req.subject.id, req.subject.properties) : null);
  if (!loaded) return deny(`unknown subject ${req.subject.type}:${req.subject.id}`, { kind, id: null, name: null });
  // The gate: entitlements are re-checked against this decision's clock, so a grant past its
  // expiry counts for nothing even while the cached record (or a late expiry job) still has it.
  const subject = liveAt(loaded, now);
  const who = { kind, id: subject.id, name: subject.name };

  const resource =
    (await loadResource(req.resource.type, req.resource.id, req.resource.properties)) ??
    (opts.inline ? inlineResource(req.resource.type, req.resource.id, req.resource.properties) : null);
  if (!resource) return deny(`unknown resource ${req.resource.type}:${req.resource.id}`, who);

  if (subject.kind !== "AGENT") {
    const ans = pathEvaluate(set, subject, resource, action, ownContext(subject, now, pep, opts.console)!);
    return { ...ans, versionHash: set.hash, subject: who };
  }

  // Agent path: decision authority stays with humans.
  if (action === "approve") return deny("agents can never approve", who);
  const sessionId = typeof pep?.sessionId === "string" ? pep.sessionId : typeof req.subject.properties?.session_id === "string" ? req.subject.properties.session_id : null;
  const sessionLive = sessionId ? await loadSessionLive(subject.id, sessionId) : false;
  if (sessionId && !sessionLive) return deny("agent session is not live", who);

  const oboRef = refOf(pep?.onBehalfOf) ?? refOf(req.subject.properties?.on_behalf_of) ?? refOf(req.subject.properties?.onBehalfOf);
  let obo: SubjectRecord | null = null;
  if (oboRef) {
    const oboKind = kindOfSubjectType(oboRef.type);
    const oboLoaded = (await loadSubject(oboKind, oboRef.id)) ?? (opts.inline ? inlineSubject(oboKind, oboRef.id, undefined) : null);
    obo = oboLoaded ? liveAt(oboLoaded, now) : null;
    if (!obo) return deny(`unknown on-behalf-of principal ${oboRef.type}:${oboRef.id}`, who);
    const chain = checkOnBehalfOf(subject, obo);
    if (!chain.ok) return { ...deny(chain.reason, who), onBehalfOf: { kind: obo.kind, id: obo.id } };
  }
  const agentAns = pathEvaluate(set, subject, resource, action, agentContext(subject, resource, now, pep, sessionLive, obo));
  const principalAns = obo ? pathEvaluate(set, obo, resource, action, ownContext(obo, now, pep)!) : null;
  const final = intersect(agentAns, principalAns, obo?.name ?? "");
  const onBehalfOf = obo ? { kind: obo.kind, id: obo.id } : null;

  const policyWantsApproval = final.decision === "allow" && requiresApproval(set, { decision: "allow", policies: agentAns.policies, errors: [], versionHash: set.hash });
  if (final.decision === "allow" && (autonomyNeedsApproval(subject, action) || policyWantsApproval)) {
    const proposal: ProposalDraft = {
      id: randomUUID(),
      agentId: subject.id,
      onBehalfOfId: obo?.kind === "HUMAN" ? obo.id : null,
      action,
      resource: `${req.resource.type}:${req.resource.id}`,
      context: { task: typeof pep?.task === "string" ? pep.task.slice(0, 200) : null, policies: final.policies },
    };
    return { decision: "deny", reason: "approval required", policies: final.policies, versionHash: set.hash, subject: who, onBehalfOf, proposal };
  }
  return { ...final, versionHash: set.hash, subject: who, onBehalfOf };
}
