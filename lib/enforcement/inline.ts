import type { Kind } from "./load";
import type { ResourceRecord, SubjectRecord } from "./records";

// Policy test cases describe their subject and resource inline (properties), so a policy
// set's tests do not depend on what the inventory holds today. Never used by the live API.

type Props = Record<string, unknown> | undefined;
const s = (p: Props, k: string, d: string) => (typeof p?.[k] === "string" ? (p[k] as string) : d);
const n = (p: Props, k: string, d: number) => (typeof p?.[k] === "number" ? (p[k] as number) : d);
const b = (p: Props, k: string, d: boolean) => (typeof p?.[k] === "boolean" ? (p[k] as boolean) : d);
const list = (p: Props, k: string) =>
  Array.isArray(p?.[k]) ? (p[k] as unknown[]).filter((x): x is string => typeof x === "string") : [];
const date = (p: Props, k: string) => {
  const v = p?.[k];
  if (typeof v === "number") return new Date(Date.now() - v * 60_000); // minutes ago
  if (typeof v === "string" && !Number.isNaN(Date.parse(v))) return new Date(v);
  return null;
};

export function inlineSubject(kind: Kind, id: string, p: Props): SubjectRecord {
  const base = {
    id,
    name: s(p, "name", id),
    status: s(p, "status", "ACTIVE"),
    environment: s(p, "environment", "PRODUCTION"),
    riskScore: n(p, "riskScore", 0),
    teamId: typeof p?.teamId === "string" ? p.teamId : null,
    tags: list(p, "tags"),
    entitlements: list(p, "entitlements"),
  };
  if (kind === "HUMAN") {
    return {
      ...base,
      kind,
      email: s(p, "email", `${id}@example.test`),
      department: s(p, "department", ""),
      mfaEnrolled: b(p, "mfaEnrolled", true),
      mfaVerifiedAt: date(p, "mfaMinutesAgo"),
      employmentStatus: s(p, "employmentStatus", "EMPLOYEE"),
      sourceSystem: "test",
    };
  }
  if (kind === "NHI") {
    const owner = typeof p?.ownerId === "string" ? p.ownerId : null;
    return {
      ...base,
      kind,
      nhiType: s(p, "nhiType", "SERVICE_ACCOUNT"),
      platform: s(p, "platform", "AWS"),
      ownerId: owner,
      claimStatus: s(p, "claimStatus", owner ? "OWNED" : "UNCLAIMED"),
      expiresAt: date(p, "expiresMinutesAgo"),
      rotationDueAt: date(p, "rotationDueMinutesAgo"),
      lastRotatedAt: null,
      credentialExpiresAt: null,
      credentialIssuedAt: null,
    };
  }
  const autonomy = s(p, "autonomy", "BOUNDED_AUTONOMY") as
    "SUGGEST_ONLY" | "ACT_WITH_APPROVAL" | "BOUNDED_AUTONOMY";
  const scope = s(p, "onBehalfOfScope", "SPONSOR") as "NONE" | "SPONSOR" | "TEAM" | "ANY_HUMAN";
  return {
    ...base,
    kind,
    sponsorId: typeof p?.sponsorId === "string" ? p.sponsorId : null,
    autonomy,
    onBehalfOfScope: scope,
    tools: list(p, "tools"),
  };
}

export function inlineResource(type: string, id: string, p: Props): ResourceRecord | null {
  switch (type.toLowerCase()) {
    case "resource":
      return {
        type: "Resource",
        id,
        name: s(p, "name", id),
        kind: s(p, "kind", "APPLICATION"),
        sensitivity: s(p, "sensitivity", "INTERNAL"),
        environment: s(p, "environment", "PRODUCTION"),
        ownerId: typeof p?.ownerId === "string" ? p.ownerId : null,
        entitlementIds: list(p, "entitlementIds"),
      };
    case "entitlement":
      return {
        type: "Entitlement",
        id,
        name: s(p, "name", id),
        privileged: b(p, "privileged", false),
        sensitivity: s(p, "sensitivity", "INTERNAL"),
        environment: s(p, "environment", "PRODUCTION"),
        resourceId: s(p, "resourceId", "r-" + id),
      };
    case "tool":
      return {
        type: "Tool",
        id,
        name: s(p, "name", id),
        sensitivity: s(p, "sensitivity", "INTERNAL"),
        entitlementIds: list(p, "entitlementIds"),
      };
    case "nhi": {
      const rec = inlineSubject("NHI", id, p);
      return rec.kind === "NHI" ? { type: "NHI", id, record: rec } : null;
    }
    default:
      return null;
  }
}
