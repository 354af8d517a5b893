import { cedar, type Context, type EntityJson } from "./cedar";
import type { CompiledPolicySet } from "./compile";

// The PDP: evaluates a compiled policy set (pre-parsed once per version hash) against one
// Cedar request. Pure with respect to the database: the active set comes from ./active.ts.

export type Uid = { type: string; id: string };
export type CedarRequest = {
  principal: Uid;
  action: string;
  resource: Uid;
  context: Context;
  entities: EntityJson[];
};
export type PdpAnswer = {
  decision: "allow" | "deny";
  /** Determining policies: the permits that allowed, or the forbids that denied. */
  policies: string[];
  errors: string[];
  versionHash: string;
};

const prepared = new Set<string>();

function ensurePrepared(set: CompiledPolicySet): string {
  const id = `pset:${set.hash}`;
  if (!prepared.has(id)) {
    const answer = cedar().preparsePolicySet(id, { staticPolicies: set.policies });
    if (answer.type === "failure")
      throw new Error(
        `policy set ${set.hash} does not parse: ${answer.errors.map((e) => e.message).join("; ")}`,
      );
    prepared.add(id);
  }
  return id;
}

// Attributes no policy reads cannot change a decision; dropping them before the call into
// WebAssembly roughly halves the cost of passing entities and context.
// Plain loops on purpose: V8 in Node 20 crashed (Deoptimizer, builtin continuation) under load
// with Array.prototype.map callbacks here.
function pick<T>(record: Record<string, T>, keep: Set<string>): Record<string, T> {
  const out: Record<string, T> = {};
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) if (keep.has(keys[i])) out[keys[i]] = record[keys[i]];
  return out;
}

function pickEntities(entities: EntityJson[], keep: Set<string>): EntityJson[] {
  const out: EntityJson[] = new Array(entities.length);
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i];
    out[i] = { uid: e.uid, attrs: pick(e.attrs, keep), parents: e.parents };
  }
  return out;
}

// Cedar's answer is a pure function of the policy set and the request, so it is memoised per
// (policy-set hash, principal, action, resource, context, entities) — only the attributes some
// policy reads, so unread attributes that change (timestamps, counters) do not defeat it. A new
// policy version has a new hash and starts an empty memo. Bounded: the oldest half goes when full.
const MEMO_MAX = 20_000;
let memoHash = "";
let memo = new Map<string, PdpAnswer>();

function remember(key: string, answer: PdpAnswer): void {
  if (memo.size >= MEMO_MAX) {
    let drop = MEMO_MAX / 2;
    for (const k of memo.keys()) {
      memo.delete(k);
      if (--drop === 0) break;
    }
  }
  memo.set(key, answer);
}

const copy = (a: PdpAnswer): PdpAnswer => ({
  decision: a.decision,
  policies: a.policies.slice(),
  errors: a.errors.slice(),
  versionHash: a.versionHash,
});

export function evaluate(set: CompiledPolicySet, req: CedarRequest): PdpAnswer {
  const keep = set.attributes;
  const call = {
    principal: req.principal,
    action: { type: "Action", id: req.action },
    resource: req.resource,
    context: pick(req.context, keep),
    entities: pickEntities(req.entities, keep),
  };
  if (memoHash !== set.hash) {
    memoHash = set.hash;
    memo = new Map();
  }
  const key = JSON.stringify(call);
  const known = memo.get(key);
  if (known) return copy(known);
  const answer = evaluateCall(set, call);
  // Answers with evaluation errors are not kept: an error may be transient (e.g. an extension).
  if (answer.errors.length === 0) remember(key, copy(answer));
  return answer;
}

/** Cedar itself, no memo (the benchmark's raw figure). */
export function evaluateUncached(set: CompiledPolicySet, req: CedarRequest): PdpAnswer {
  const keep = set.attributes;
  return evaluateCall(set, {
    principal: req.principal,
    action: { type: "Action", id: req.action },
    resource: req.resource,
    context: pick(req.context, keep),
    entities: pickEntities(req.entities, keep),
  });
}

type CedarCall = { principal: Uid; action: Uid; resource: Uid; context: Context; entities: EntityJson[] };

function evaluateCall(set: CompiledPolicySet, call: CedarCall): PdpAnswer {
  const preparsedPolicySetId = ensurePrepared(set);
  const answer = cedar().statefulIsAuthorized({ ...call, preparsedPolicySetId });
  if (answer.type === "failure") {
    return {
      decision: "deny",
      policies: [],
      errors: answer.errors.map((e) => e.message),
      versionHash: set.hash,
    };
  }
  // Plain arrays of our own, not wasm-bindgen's objects, travel on into hashing and the ledger.
  // (Node 20's deoptimizer abort under load was V8 inlining JS→Wasm calls; the servers run with
  // --no-turbo-inline-js-wasm-calls, see scripts/lib/v8-flags.ts.)
  const { decision, diagnostics } = answer.response;
  const policies: string[] = [];
  for (let i = 0; i < diagnostics.reason.length; i++) policies.push(`${diagnostics.reason[i]}`);
  const errors: string[] = [];
  for (let i = 0; i < diagnostics.errors.length; i++)
    errors.push(`${diagnostics.errors[i].policyId}: ${diagnostics.errors[i].error.message}`);
  // Cedar skips a policy whose evaluation errors, so an erroring forbid would turn into an
  // allow: any evaluation error is a deny (fail closed).
  return {
    decision: decision === "allow" && errors.length === 0 ? "allow" : "deny",
    policies,
    errors,
    versionHash: set.hash,
  };
}

/** Human-readable reason for an answer, from the determining policies' @reason annotations. */
export function reasonOf(set: CompiledPolicySet, answer: PdpAnswer): string {
  const reasons = answer.policies.map((id) => set.meta[id]?.reason).filter((r): r is string => !!r);
  if (reasons.length) return reasons.join("; ");
  if (answer.decision === "allow") return `permitted by ${answer.policies.join(", ")}`;
  if (answer.policies.length) return `forbidden by ${answer.policies.join(", ")}`;
  return "no policy permits this request";
}

export function requiresApproval(set: CompiledPolicySet, answer: PdpAnswer): boolean {
  return answer.decision === "allow" && answer.policies.some((id) => set.meta[id]?.requiresApproval);
}
