import { db } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import type { AgentRecord, HumanRecord, NhiRecord, ResourceRecord, SubjectRecord } from "./records";

// Inventory lookups for the decision path. Results (including "not found") are cached in
// memory for CACHE_MS so the hot path does not query per decision; a changed grant or owner
// is therefore seen within ~2 s. The cache is bounded and simply cleared when full.

const CACHE_MS = 2000;
const CACHE_MAX = 200_000;
const cache = new Map<string, { at: number; value: unknown }>();

async function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && now - hit.at < CACHE_MS) return hit.value as T;
  const value = await load();
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(key, { at: now, value });
  return value;
}

export function clearEntityCache(): void {
  cache.clear();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export type Kind = "HUMAN" | "NHI" | "AGENT";

const SUBJECT_TYPES: Record<string, Kind> = {
  human: "HUMAN",
  user: "HUMAN",
  identity: "HUMAN",
  nhi: "NHI",
  service: "NHI",
  service_account: "NHI",
  workload: "NHI",
  agent: "AGENT",
};
export const subjectTypes = Object.keys(SUBJECT_TYPES);

export function kindOfSubjectType(type: string): Kind {
  const kind = SUBJECT_TYPES[type.toLowerCase()];
  if (!kind) throw new Invalid(`unknown subject type "${type}"; use one of ${subjectTypes.join(", ")}`);
  return kind;
}

function activeGrants(now: Date) {
  return { where: { status: "ACTIVE" as const, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, select: { entitlementId: true } };
}

const actorSelect = (now: Date) => ({
  id: true,
  kind: true,
  displayName: true,
  status: true,
  environment: true,
  riskScore: true,
  teamId: true,
  tags: true,
  sourceSystem: true,
  grants: activeGrants(now),
  human: { select: { email: true, department: true, mfaEnrolled: true, mfaVerifiedAt: true, employmentStatus: true } },
  nhi: {
    select: { nhiType: true, platform: true, ownerId: true, claimStatus: true, expiresAt: true, rotationDueAt: true, lastRotatedAt: true },
  },
  agent: { select: { sponsorId: true, autonomyLevel: true, onBehalfOf: true, toolAllowList: true } },
  credentials: { where: { revokedAt: null }, select: { expiresAt: true, issuedAt: true } },
});

type ActorRow = NonNullable<Awaited<ReturnType<typeof findActorRow>>>;

async function findActorRow(where: { id: string } | { externalId: string; kind: Kind }) {
  const now = new Date();
  if ("id" in where) return db.actor.findUnique({ where: { id: where.id }, select: actorSelect(now) });
  return db.actor.findFirst({ where, select: actorSelect(now) });
}

function toRecord(a: ActorRow): SubjectRecord | null {
  const base = {
    id: a.id,
    name: a.displayName,
    status: a.status,
    environment: a.environment,
    riskScore: a.riskScore,
    teamId: a.teamId,
    tags: a.tags,
    entitlements: [...new Set(a.grants.map((g) => g.entitlementId))],
  };
  if (a.kind === "HUMAN" && a.human) {
    const r: HumanRecord = { ...base, kind: "HUMAN", ...a.human, sourceSystem: a.sourceSystem };
    return r;
  }
  if (a.kind === "NHI" && a.nhi) {
    const exp = a.credentials.map((c) => c.expiresAt).filter((d): d is Date => !!d);
    const issued = a.credentials.map((c) => c.issuedAt);
    const r: NhiRecord = {
      ...base,
      kind: "NHI",
      nhiType: a.nhi.nhiType,
      platform: a.nhi.platform,
      ownerId: a.nhi.ownerId,
      claimStatus: a.nhi.claimStatus,
      expiresAt: a.nhi.expiresAt,
      rotationDueAt: a.nhi.rotationDueAt,
      lastRotatedAt: a.nhi.lastRotatedAt,
      credentialExpiresAt: exp.length ? new Date(Math.min(...exp.map((d) => d.getTime()))) : null,
      credentialIssuedAt: issued.length ? new Date(Math.min(...issued.map((d) => d.getTime()))) : null,
    };
    return r;
  }
  if (a.kind === "AGENT" && a.agent) {
    const r: AgentRecord = {
      ...base,
      kind: "AGENT",
      sponsorId: a.agent.sponsorId,
      autonomy: a.agent.autonomyLevel,
      onBehalfOfScope: a.agent.onBehalfOf,
      tools: a.agent.toolAllowList,
    };
    return r;
  }
  return null;
}

/** A subject by actor id, human email, or external id (provenance); null when unknown. */
export function loadSubject(kind: Kind, id: string): Promise<SubjectRecord | null> {
  return cached(`s:${kind}:${id}`, async () => {
    let row: ActorRow | null = null;
    if (UUID.test(id)) row = await findActorRow({ id });
    if (!row && kind === "HUMAN" && id.includes("@")) {
      const h = await db.humanProfile.findUnique({ where: { email: id.toLowerCase() }, select: { actorId: true } });
      if (h) row = await findActorRow({ id: h.actorId });
    }
    if (!row) row = await findActorRow({ externalId: id, kind });
    if (!row || row.kind !== kind) return null;
    return toRecord(row);
  });
}

export const RESOURCE_TYPES = ["resource", "entitlement", "tool", "nhi", "user", "todo"] as const;

/** A resource by AuthZEN type + id; null when a registered kind is unknown. */
export function loadResource(type: string, id: string, properties: Record<string, unknown> | undefined): Promise<ResourceRecord | null> {
  const t = type.toLowerCase();
  if (t === "user") return Promise.resolve({ type: "User", id });
  if (t === "todo") {
    const owner = properties?.ownerID;
    return Promise.resolve({ type: "Todo", id, ...(typeof owner === "string" ? { ownerID: owner } : {}) });
  }
  if (!(RESOURCE_TYPES as readonly string[]).includes(t)) {
    throw new Invalid(`unknown resource type "${type}"; use one of ${RESOURCE_TYPES.join(", ")}`);
  }
  return cached(`r:${t}:${id}`, async (): Promise<ResourceRecord | null> => {
    if (t === "nhi") {
      const s = await loadSubject("NHI", id);
      return s && s.kind === "NHI" ? { type: "NHI", id: s.id, record: s } : null;
    }
    if (t === "entitlement") {
      if (!UUID.test(id)) return null;
      const e = await db.entitlement.findUnique({
        where: { id },
        select: { id: true, name: true, privileged: true, resourceId: true, resource: { select: { sensitivity: true, environment: true } } },
      });
      return e ? { type: "Entitlement", id: e.id, name: e.name, privileged: e.privileged, resourceId: e.resourceId, ...e.resource } : null;
    }
    const select = { id: true, name: true, kind: true, sensitivity: true, environment: true, ownerId: true, entitlements: { select: { id: true } } };
    const row = UUID.test(id)
      ? await db.resource.findUnique({ where: { id }, select })
      : t === "tool"
        ? await db.resource.findFirst({ where: { name: id, kind: "TOOL" }, select })
        : null;
    if (t === "tool") {
      // Tools an agent names but the inventory does not list are still evaluated (by name).
      if (!row || row.kind !== "TOOL") return { type: "Tool", id, name: id, sensitivity: "INTERNAL", entitlementIds: [] };
      return { type: "Tool", id: row.id, name: row.name, sensitivity: row.sensitivity, entitlementIds: row.entitlements.map((e) => e.id) };
    }
    if (!row) return null;
    return { type: "Resource", id: row.id, name: row.name, kind: row.kind, sensitivity: row.sensitivity, environment: row.environment, ownerId: row.ownerId, entitlementIds: row.entitlements.map((e) => e.id) };
  });
}

/** Is this agent session live (exists, belongs to the agent, not ended, not expired)? */
export function loadSessionLive(agentId: string, sessionId: string): Promise<boolean> {
  if (!UUID.test(sessionId)) return Promise.resolve(false);
  return cached(`sess:${sessionId}`, async () => {
    const s = await db.agentSession.findUnique({ where: { id: sessionId }, select: { agentId: true, expiresAt: true, endedAt: true } });
    return !!s && s.agentId === agentId && !s.endedAt && s.expiresAt.getTime() > Date.now();
  });
}
