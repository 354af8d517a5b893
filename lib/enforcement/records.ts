import type { CedarValueJson, EntityJson } from "@/lib/policy/cedar";
import type { BoundaryEntry } from "@/lib/agents/boundary";

// Plain records of what the inventory knows about a subject or resource, and their Cedar
// entities. Loaded by ./load.ts (database, cached) or built inline for policy test cases.

type Base = {
  id: string;
  name: string;
  status: string;
  environment: string;
  riskScore: number;
  teamId: string | null;
  tags: string[];
  /** Ids of entitlements held through ACTIVE, unexpired grants. */
  entitlements: string[];
  /**
   * When each held entitlement stops being covered (epoch ms; null = no expiry). Loaded records
   * are cached for a moment, so the decision re-checks these against its own clock: a grant past
   * its expiry is refused whether or not the expiry job has run (see liveAt).
   */
  entitlementsUntil?: Record<string, number | null>;
};
export type HumanRecord = Base & {
  kind: "HUMAN";
  email: string;
  department: string;
  mfaEnrolled: boolean;
  mfaVerifiedAt: Date | null;
  /** Last TOTP this human passed in Triad's console (sign-in or step-up), across live sessions. */
  consoleMfaAt?: Date | null;
  employmentStatus: string;
  sourceSystem: string;
};
export type NhiRecord = Base & {
  kind: "NHI";
  nhiType: string;
  platform: string;
  ownerId: string | null;
  claimStatus: string;
  expiresAt: Date | null;
  rotationDueAt: Date | null;
  lastRotatedAt: Date | null;
  /** Earliest expiry and oldest issue date among the NHI's unrevoked credentials. */
  credentialExpiresAt: Date | null;
  credentialIssuedAt: Date | null;
};
export type AgentRecord = Base & {
  kind: "AGENT";
  sponsorId: string | null;
  autonomy: "SUGGEST_ONLY" | "ACT_WITH_APPROVAL" | "BOUNDED_AUTONOMY";
  onBehalfOfScope: "NONE" | "SPONSOR" | "TEAM" | "ANY_HUMAN";
  tools: string[];
  /** Actions per tool and the ones that need approval (absent in inline test subjects). */
  boundary?: BoundaryEntry[];
  /** When non-empty, the only people it may act for. */
  actForIds?: string[];
  expiresAt?: Date | null;
};
export type SubjectRecord = HumanRecord | NhiRecord | AgentRecord;

export type ResourceRecord =
  | {
      type: "Resource";
      id: string;
      name: string;
      kind: string;
      sensitivity: string;
      environment: string;
      ownerId: string | null;
      entitlementIds: string[];
    }
  | {
      type: "Entitlement";
      id: string;
      name: string;
      privileged: boolean;
      sensitivity: string;
      environment: string;
      resourceId: string;
    }
  | { type: "Tool"; id: string; name: string; sensitivity: string; entitlementIds: string[] }
  | { type: "NHI"; id: string; record: NhiRecord }
  | { type: "User"; id: string }
  | { type: "Todo"; id: string; ownerID?: string };

/** The subject as of `now`: entitlements whose every grant has expired are dropped (the gate). */
export function liveAt<T extends SubjectRecord>(s: T, now: Date): T {
  const until = s.entitlementsUntil;
  if (!until) return s;
  const t = now.getTime();
  const live = s.entitlements.filter((id) => {
    const u = until[id];
    return u === null || u === undefined || u > t;
  });
  return live.length === s.entitlements.length ? s : { ...s, entitlements: live };
}

export const CEDAR_TYPE = { HUMAN: "Human", NHI: "NHI", AGENT: "Agent" } as const;

/** Roles a human holds for policies: tags written `role:<name>`. */
export const rolesOf = (tags: string[]) => tags.filter((t) => t.startsWith("role:")).map((t) => t.slice(5));

function teamParents(teamId: string | null) {
  return teamId ? [{ type: "Team", id: teamId }] : [];
}

// A subject's or resource's record is cached until it changes (./load.ts), so its Cedar entity is
// built once per record, not once per decision. Entities are shared: nothing may modify them.
const subjectEntities = new WeakMap<SubjectRecord, EntityJson>();
const resourceEntityLists = new WeakMap<ResourceRecord, EntityJson[]>();

export function subjectEntity(s: SubjectRecord): EntityJson {
  let entity = subjectEntities.get(s);
  if (!entity) subjectEntities.set(s, (entity = buildSubjectEntity(s)));
  return entity;
}

export function resourceEntities(r: ResourceRecord): EntityJson[] {
  let list = resourceEntityLists.get(r);
  if (!list) resourceEntityLists.set(r, (list = buildResourceEntities(r)));
  return list;
}

function buildSubjectEntity(s: SubjectRecord): EntityJson {
  const common: Record<string, CedarValueJson> = {
    status: s.status,
    environment: s.environment,
    riskScore: s.riskScore,
    tags: s.tags,
    entitlements: s.entitlements,
  };
  let attrs: Record<string, CedarValueJson>;
  if (s.kind === "HUMAN") {
    attrs = {
      ...common,
      email: s.email,
      department: s.department,
      mfaEnrolled: s.mfaEnrolled,
      employmentStatus: s.employmentStatus,
      sourceSystem: s.sourceSystem,
      roles: rolesOf(s.tags),
    };
  } else if (s.kind === "NHI") {
    attrs = {
      ...common,
      nhiType: s.nhiType,
      platform: s.platform,
      hasOwner: !!s.ownerId,
      ownerId: s.ownerId ?? "",
      claimStatus: s.claimStatus,
    };
  } else {
    attrs = {
      ...common,
      hasSponsor: !!s.sponsorId,
      sponsorId: s.sponsorId ?? "",
      autonomy: s.autonomy,
      onBehalfOfScope: s.onBehalfOfScope,
      tools: s.tools,
    };
  }
  return { uid: { type: CEDAR_TYPE[s.kind], id: s.id }, attrs, parents: teamParents(s.teamId) };
}

function buildResourceEntities(r: ResourceRecord): EntityJson[] {
  switch (r.type) {
    case "Resource":
      return [
        {
          uid: { type: "Resource", id: r.id },
          attrs: {
            id: r.id,
            name: r.name,
            kind: r.kind,
            sensitivity: r.sensitivity,
            environment: r.environment,
            hasOwner: !!r.ownerId,
            ownerId: r.ownerId ?? "",
            entitlementIds: r.entitlementIds,
          },
          parents: [],
        },
      ];
    case "Entitlement":
      return [
        {
          uid: { type: "Entitlement", id: r.id },
          attrs: {
            id: r.id,
            name: r.name,
            privileged: r.privileged,
            sensitivity: r.sensitivity,
            environment: r.environment,
            resourceId: r.resourceId,
          },
          parents: [{ type: "Resource", id: r.resourceId }],
        },
      ];
    case "Tool":
      return [
        {
          uid: { type: "Tool", id: r.id },
          attrs: { id: r.id, name: r.name, sensitivity: r.sensitivity, entitlementIds: r.entitlementIds },
          parents: [],
        },
      ];
    case "NHI":
      return [subjectEntity(r.record)];
    case "User":
      return [{ uid: { type: "User", id: r.id }, attrs: {}, parents: [] }];
    case "Todo":
      return [
        {
          uid: { type: "Todo", id: r.id },
          attrs: r.ownerID !== undefined ? { ownerID: r.ownerID } : {},
          parents: [],
        },
      ];
  }
}

export const resourceUid = (r: ResourceRecord) => ({ type: r.type, id: r.id });
