import { sha256 } from "@/lib/crypto/tokens";
import { cedar, triadSchema, type DetailedError } from "./cedar";

// Turning policy text into something the PDP can evaluate: split into policies with stable ids,
// read their annotations (@id, @reason, @requiresApproval), validate against the schema.

export type PolicyIssue = { message: string; line: number; column: number; policyId?: string };
export type PolicyMeta = {
  effect: "permit" | "forbid";
  reason?: string;
  requiresApproval: boolean;
  set: string;
};
export type CompiledPolicySet = {
  /** Version hash of the whole set: recorded with every decision made under it. */
  hash: string;
  policies: Record<string, string>;
  meta: Record<string, PolicyMeta>;
  versions: { setName: string; versionId: string; version: number; hash: string }[];
  /** Every attribute name the policies read (`x.attr`, `x has attr`): the PDP passes only these. */
  attributes: Set<string>;
};
export type VersionInput = {
  setName: string;
  versionId: string;
  version: number;
  hash: string;
  text: string;
};

export const policyTextHash = (text: string) => sha256(text);

function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

function issuesOf(text: string, errors: DetailedError[], policyId?: string, base = 0): PolicyIssue[] {
  return errors.map((e) => {
    const loc = e.sourceLocations?.[0];
    const { line, column } = lineCol(text, base + (loc?.start ?? 0));
    return { message: e.help ? `${e.message} (${e.help})` : e.message, line, column, policyId };
  });
}

/** Prefix of a set's policy ids ("Triad starter" → "triad-starter"); unique across sets. */
export const policySetSlug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "set";

/** Splits one version's text into id → policy text; ids come from @id or are numbered. */
/** Collects attribute names read anywhere in a policy's JSON form. */
function collectAttributes(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const n of node) collectAttributes(n, out);
    return;
  }
  if (!node || typeof node !== "object") return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === "." || key === "has") && value && typeof value === "object") {
      const attr = (value as { attr?: unknown }).attr;
      if (typeof attr === "string") out.add(attr);
      else if (Array.isArray(attr)) for (const a of attr) if (typeof a === "string") out.add(a);
    }
    collectAttributes(value, out);
  }
}

export function splitPolicies(
  setName: string,
  text: string,
): {
  policies: Record<string, string>;
  meta: Record<string, PolicyMeta>;
  issues: PolicyIssue[];
  attributes: Set<string>;
} {
  const c = cedar();
  const parts = c.policySetTextToParts(text);
  const attributes = new Set<string>();
  if (parts.type === "failure")
    return { policies: {}, meta: {}, issues: issuesOf(text, parts.errors), attributes };
  const policies: Record<string, string> = {};
  const meta: Record<string, PolicyMeta> = {};
  const issues: PolicyIssue[] = [];
  parts.policies.forEach((policyText, i) => {
    const json = c.policyToJson(policyText);
    if (json.type === "failure") {
      issues.push(...issuesOf(text, json.errors));
      return;
    }
    const ann = json.json.annotations ?? {};
    const id = `${policySetSlug(setName)}/${ann.id ?? `policy${i}`}`;
    if (policies[id]) {
      issues.push({
        message: `duplicate policy id "${ann.id}"`,
        ...lineCol(text, Math.max(0, text.indexOf(policyText))),
      });
      return;
    }
    policies[id] = policyText;
    collectAttributes(json.json.conditions, attributes);
    meta[id] = {
      effect: json.json.effect,
      reason: ann.reason,
      requiresApproval: ann.requiresApproval === "true",
      set: setName,
    };
  });
  if (parts.policy_templates.length > 0)
    issues.push({ message: "templates are not supported; write static policies", line: 1, column: 1 });
  return { policies, meta, issues, attributes };
}

/** Parse + strict validation against triad.cedarschema; empty list = valid. */
export function validatePolicyText(text: string): PolicyIssue[] {
  if (text.trim() === "") return [{ message: "a policy set needs at least one policy", line: 1, column: 1 }];
  const c = cedar();
  const parsed = c.checkParsePolicySet({ staticPolicies: text });
  if (parsed.type === "failure") return issuesOf(text, parsed.errors);
  const split = splitPolicies("check", text);
  if (split.issues.length) return split.issues;
  const answer = c.validate({
    schema: triadSchema(),
    policies: { staticPolicies: text },
    validationSettings: { mode: "strict" },
  });
  if (answer.type === "failure") return issuesOf(text, answer.errors);
  // Validation errors name policies policy0..n in text order; locations are relative to the whole text.
  return issuesOf(
    text,
    answer.validationErrors.map((v) => v.error),
    undefined,
  );
}

export function formatPolicyText(
  text: string,
): { ok: true; text: string } | { ok: false; issues: PolicyIssue[] } {
  const answer = cedar().formatPolicies({ policyText: text, lineWidth: 100, indentWidth: 2 });
  if (answer.type === "failure") return { ok: false, issues: issuesOf(text, answer.errors) };
  return { ok: true, text: answer.formatted_policy };
}

/** Combines the versions that are (or would be) active into one evaluable set. */
export function compilePolicySet(versions: VersionInput[]): CompiledPolicySet {
  const sorted = [...versions].sort((a, b) => a.setName.localeCompare(b.setName));
  const policies: Record<string, string> = {};
  const meta: Record<string, PolicyMeta> = {};
  const attributes = new Set<string>();
  for (const v of sorted) {
    const split = splitPolicies(v.setName, v.text);
    Object.assign(policies, split.policies);
    Object.assign(meta, split.meta);
    for (const a of split.attributes) attributes.add(a);
  }
  const hash =
    sorted.length === 1
      ? sorted[0].hash
      : sha256(sorted.map((v) => `${v.setName}:${v.hash}`).join("\n") || "empty");
  return {
    hash,
    policies,
    meta,
    versions: sorted.map(({ setName, versionId, version, hash: h }) => ({
      setName,
      versionId,
      version,
      hash: h,
    })),
    attributes,
  };
}
