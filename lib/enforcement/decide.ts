import { randomUUID } from "node:crypto";
import { Invalid } from "@/lib/errors";
import { knownActions } from "@/lib/policy/cedar";
import type { CompiledPolicySet } from "@/lib/policy/compile";
import { evaluate, reasonOf, requiresApproval, type CedarRequest } from "@/lib/policy/pdp";
import type { Evaluation } from "@/lib/decisions/schemas";
import type { PepContext } from "./context";
import { humanContext } from "./human/context";
import { nhiContext } from "./nhi/context";
import {
  agentContext,
  autonomyNeedsApproval,
  checkOnBehalfOf,
  intersect,
  type PathAnswer,
} from "./agent/context";
import { liveness, sessionById } from "./agent/session";
import { boundaryCheck } from "@/lib/agents/boundary";
import { actionHash, PROPOSAL_TTL_MINUTES } from "@/lib/proposals/hash";
import { redeemApproval } from "@/lib/proposals/redeem";
import { kindOfSubjectType, loadResource, loadSubject, type Kind } from "./load";
import { inlineResource, inlineSubject } from "./inline";
import {
  CEDAR_TYPE,
  liveAt,
  resourceEntities,
  resourceUid,
  subjectEntity,
  type ResourceRecord,
  type SubjectRecord,
} from "./records";

// One decision: pick the enforcement path by the subject's kind, let it add its checks and
// context, ask the PDP, and (agent path) intersect with the on-behalf-of principal.

export type ProposalDraft = {
  id: string;
  agentId: string;
  onBehalfOfId: string | null;
  action: string;
  resource: string;
  context: Record<string, unknown>;
  reason?: string | null;
  arguments?: Record<string, unknown>;
  argsHash?: string | null;
  sessionId?: string | null;
  expiresAt?: Date | null;
};
export type Outcome = {
  decision: "allow" | "deny";
  reason: string;
  policies: string[];
  versionHash: string;
  subject: { kind: Kind; id: string | null; name: string | null };
  onBehalfOf?: { kind: Kind; id: string } | null;
  proposal?: ProposalDraft;
  /** Agent path: the session the call was made in. */
  session?: { id: string } | null;
  /** Agent path: the human approval this one action was allowed under. */
  approval?: { proposalId: string; approvedById: string | null };
  /** Bad agent input (foreign/ended session, misused approval): the API answers this 4xx. */
  refusal?: { status: 401 | 403; error: string };
};
/** What the PDP saw and answered, per Cedar call: the decision record keeps it for replay. */
export type CedarCall = { request: CedarRequest; decision: "allow" | "deny"; policies: string[] };
export type DecideOptions = {
  set: CompiledPolicySet;
  now?: Date;
  inline?: boolean;
  capture?: CedarCall[];
  /** A console session asking for its own human: the time it last passed TOTP (server-side only). */
  console?: { actorId: string; mfaAt: Date | null };
};

function pathEvaluate(
  set: CompiledPolicySet,
  s: SubjectRecord,
  resource: ResourceRecord,
  action: string,
  ctx: ReturnType<typeof humanContext>,
  capture?: CedarCall[],
): PathAnswer {
  const request: CedarRequest = {
    principal: { type: CEDAR_TYPE[s.kind], id: s.id },
    action,
    resource: resourceUid(resource),
    context: ctx,
    entities: [subjectEntity(s), ...resourceEntities(resource)],
  };
  const answer = evaluate(set, request);
  capture?.push({ request, decision: answer.decision, policies: answer.policies });
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
  if (!knownActions().has(action))
    throw new Invalid(`unknown action "${action}"; use one of ${[...knownActions()].join(", ")}`);
  const kind = kindOfSubjectType(req.subject.type);
  const pep: PepContext = req.context;
  const deny = (reason: string, subject: Outcome["subject"], policies: string[] = []): Outcome => ({
    decision: "deny",
    reason,
    policies,
    versionHash: set.hash,
    subject,
  });

  const loaded =
    (await loadSubject(kind, req.subject.id)) ??
    (opts.inline ? inlineSubject(kind, req.subject.id, req.subject.properties) : null);
  if (!loaded)
    return deny(`unknown subject ${req.subject.type}:${req.subject.id}`, { kind, id: null, name: null });
  // The gate: entitlements are re-checked against this decision's clock, so a grant past its
  // expiry counts for nothing even while the cached record (or a late expiry job) still has it.
  const subject = liveAt(loaded, now);
  const who = { kind, id: subject.id, name: subject.name };
  // Decision authority stays with humans, whatever the resource.
  if (subject.kind === "AGENT" && action === "approve")
    return {
      ...deny("agents can never approve", who),
      refusal: { status: 403, error: "agents_never_approve" },
    };

  const resource =
    (await loadResource(req.resource.type, req.resource.id, req.resource.properties)) ??
    (opts.inline ? inlineResource(req.resource.type, req.resource.id, req.resource.properties) : null);
  if (!resource) return deny(`unknown resource ${req.resource.type}:${req.resource.id}`, who);

  if (subject.kind !== "AGENT") {
    const ans = pathEvaluate(
      set,
      subject,
      resource,
      action,
      ownContext(subject, now, pep, opts.console)!,
      opts.capture,
    );
    return { ...ans, versionHash: set.hash, subject: who };
  }

  return decideAgent(req, subject, resource, {
    set,
    now,
    pep,
    inline: !!opts.inline,
    capture: opts.capture,
    who,
    deny,
  });
}

type AgentStep = {
  set: CompiledPolicySet;
  now: Date;
  pep: PepContext;
  inline: boolean;
  capture?: CedarCall[];
  who: Outcome["subject"];
  deny: (reason: string, subject: Outcome["subject"], policies?: string[]) => Outcome;
};

async function decideAgent(
  req: Evaluation,
  subject: Extract<SubjectRecord, { kind: "AGENT" }>,
  resource: ResourceRecord,
  step: AgentStep,
): Promise<Outcome> {
  const { set, now, pep, who, deny } = step;
  const action = req.action.name;
  const refused = (
    status: 401 | 403,
    error: string,
    reason: string,
    extra: Partial<Outcome> = {},
  ): Outcome => ({ ...deny(reason, who), refusal: { status, error }, ...extra });
  if (subject.expiresAt && subject.expiresAt <= now) return deny("the agent has expired", who);
  const sessionId =
    typeof pep?.sessionId === "string"
      ? pep.sessionId
      : typeof req.subject.properties?.session_id === "string"
        ? req.subject.properties.session_id
        : null;
  const session = sessionId ? await sessionById(sessionId) : null;
  if (sessionId) {
    if (!session || session.agentId !== subject.id)
      return refused(403, "invalid_session", "agent session is not this agent's");
    const live = liveness(session, now);
    if (!live.live) return refused(401, "session_ended", `agent session is not live: ${live.reason}`);
  }
  const sessionRef = session ? { id: session.id } : null;

  // In a session that proved a person's delegation, that person is the principal; nobody else.
  const stated =
    refOf(pep?.onBehalfOf) ??
    refOf(req.subject.properties?.on_behalf_of) ??
    refOf(req.subject.properties?.onBehalfOf);
  if (session?.onBehalfOfId && stated && stated.id !== session.onBehalfOfId)
    return refused(403, "invalid_delegation", "this session acts for another person", {
      session: sessionRef,
    });
  const oboRef = session?.onBehalfOfId ? { type: "human", id: session.onBehalfOfId } : stated;
  let obo: SubjectRecord | null = null;
  if (oboRef) {
    const oboKind = kindOfSubjectType(oboRef.type);
    const oboLoaded =
      (await loadSubject(oboKind, oboRef.id)) ??
      (step.inline ? inlineSubject(oboKind, oboRef.id, undefined) : null);
    obo = oboLoaded ? liveAt(oboLoaded, now) : null;
    if (!obo)
      return {
        ...deny(`unknown on-behalf-of principal ${oboRef.type}:${oboRef.id}`, who),
        session: sessionRef,
      };
    const chain = checkOnBehalfOf(subject, obo);
    if (!chain.ok)
      return { ...deny(chain.reason, who), onBehalfOf: { kind: obo.kind, id: obo.id }, session: sessionRef };
  }
  const onBehalfOf = obo ? { kind: obo.kind, id: obo.id } : null;
  const base = { versionHash: set.hash, subject: who, onBehalfOf, session: sessionRef };

  // The boundary's actions per tool (when the agent has a boundary on record).
  const operation = typeof pep?.operation === "string" ? pep.operation.slice(0, 80) : null;
  let boundaryWantsApproval = false;
  if (resource.type === "Tool" && subject.boundary?.length) {
    const check = boundaryCheck(subject.boundary, resource.name, operation);
    if (!check.ok) return { ...base, decision: "deny", reason: check.reason, policies: [] };
    boundaryWantsApproval = check.approval;
  }

  const agentAns = pathEvaluate(
    set,
    subject,
    resource,
    action,
    agentContext(subject, resource, now, pep, !!session, obo, session),
    step.capture,
  );
  const principalAns = obo
    ? pathEvaluate(set, obo, resource, action, ownContext(obo, now, pep)!, step.capture)
    : null;
  const final = intersect(agentAns, principalAns, obo?.name ?? "");
  const approval = typeof pep?.approval === "string" ? pep.approval : null;
  // An approval never overrides a policy deny, and is not spent on one.
  if (final.decision === "deny") return { ...final, ...base };

  const policyWantsApproval = requiresApproval(set, {
    decision: "allow",
    policies: agentAns.policies,
    errors: [],
    versionHash: set.hash,
  });
  if (!(boundaryWantsApproval || autonomyNeedsApproval(subject, action) || policyWantsApproval))
    return { ...final, ...base };

  const args =
    pep?.arguments && typeof pep.arguments === "object" ? (pep.arguments as Record<string, unknown>) : {};
  const resourceRef = `${req.resource.type}:${req.resource.id}${operation ? `#${operation}` : ""}`;
  // Only a person the session proved (token exchange with their consent) decides the agent's
  // proposals and binds its approvals; a person the caller merely names does not.
  const provenFor = session?.onBehalfOfId ?? null;
  const argsHash = actionHash({
    agentId: subject.id,
    onBehalfOfId: provenFor,
    action,
    resource: resourceRef,
    arguments: args,
  });
  if (approval) {
    const r = await redeemApproval(approval, { agentId: subject.id, argsHash });
    if (!r.ok) return { ...base, ...refused(403, r.error, r.message), onBehalfOf, session: sessionRef };
    return {
      ...final,
      ...base,
      reason: `approved by ${r.approvedByName ?? "a person"} for this one action (proposal ${r.proposalId})${obo ? ` on behalf of ${obo.name}` : ""}`,
      approval: { proposalId: r.proposalId, approvedById: r.approvedById },
    };
  }
  const proposal: ProposalDraft = {
    id: randomUUID(),
    agentId: subject.id,
    onBehalfOfId: provenFor,
    action,
    resource: resourceRef,
    context: {
      task: session?.task ?? (typeof pep?.task === "string" ? pep.task.slice(0, 200) : null),
      policies: final.policies,
      policyResult: final.reason,
      ...(obo && !provenFor ? { statedOnBehalfOf: obo.id } : {}),
    },
    reason: typeof pep?.reason === "string" ? pep.reason.slice(0, 1000) : null,
    arguments: args,
    argsHash,
    sessionId: session?.id ?? null,
    expiresAt: new Date(now.getTime() + PROPOSAL_TTL_MINUTES * 60_000),
  };
  return { ...base, decision: "deny", reason: "approval required", policies: final.policies, proposal };
}
