import { db } from "@/lib/db";
import { pool } from "@/lib/db/pool";
import { Invalid } from "@/lib/errors";
import { ChangeCache } from "@/lib/changes/cache";
import { boundaryOf } from "@/lib/agents/boundary";
import type { AgentRecord, HumanRecord, NhiRecord, ResourceRecord, SubjectRecord } from "./records";
import { isUuid } from "@/lib/ids";

// Inventory lookups for the decision path. Results (including "not found") are cached in
// memory so the hot path does not query per decision, and dropped in every process when an
// actor, grant, resource or console session changes anywhere (announced by triggers on those
// tables). A grant change names the actors whose grants changed, and drops only their records:
// a bulk expiry or import used to drop every cached subject and resource in every process at
// each batch. Agent sessions have their own cache (lib/enforcement/agent/session.ts): nothing here
// reads them. Facts that change by time alone (a grant's expiry) end their entry.
const cache = new ChangeCache<unknown>({
  topics: ["actor", "grant", "resource", "session"],
  actorTopics: ["grant"],
  max: 200_000,
});

/** `actorsOf`: whose grants the value holds (entitlements); entries without depend on no grant. */
function cached<T>(key: string, load: () => Promise<T>, actorsOf?: (value: T) => string[]): Promise<T> {
  return cache.get(key, load, {
    actorsOf: actorsOf as ((value: unknown) => string[]) | undefined,
  }) as Promise<T>;
}

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

// All of a subject's facts in one statement, for many subjects at once (see batchLoad).
const SUBJECT_SQL = `
SELECT a.id, a.kind::text AS kind, a."displayName" AS name, a.status::text AS status, a.environment::text AS environment,
       a."riskScore" AS "riskScore", a."teamId" AS "teamId", a.tags, a."sourceSystem" AS "sourceSystem",
       h.email, h.department, h."mfaEnrolled" AS "mfaEnrolled", h."mfaVerifiedAt" AS "mfaVerifiedAt", h."employmentStatus"::text AS "employmentStatus",
       n."nhiType"::text AS "nhiType", n.platform, n."ownerId" AS "ownerId", n."claimStatus"::text AS "claimStatus", n."expiresAt" AS "expiresAt",
       n."rotationDueAt" AS "rotationDueAt", n."lastRotatedAt" AS "lastRotatedAt",
       ag."sponsorId" AS "sponsorId", ag."autonomyLevel"::text AS autonomy, ag."onBehalfOf"::text AS "onBehalfOfScope", ag."toolAllowList" AS tools,
       ag."toolBoundary" AS boundary, ag."actForIds" AS "actForIds", ag."expiresAt" AS "agentExpiresAt",
       (SELECT coalesce(json_agg(json_build_array(x.e, x.u)), '[]'::json) FROM (
          SELECT g."entitlementId"::text AS e,
                 CASE WHEN bool_or(g."expiresAt" IS NULL) THEN NULL ELSE floor(extract(epoch FROM max(g."expiresAt")) * 1000) END AS u
          FROM "Grant" g
          WHERE g."actorId" = a.id AND g.status = 'ACTIVE' AND (g."expiresAt" IS NULL OR g."expiresAt" > now())
          GROUP BY g."entitlementId") x) AS "entitlementsUntil",
       (SELECT max(cs."mfaAt") FROM "User" u JOIN "ConsoleSession" cs ON cs."userId" = u.id
         WHERE u."actorId" = a.id AND a.kind = 'HUMAN' AND cs."revokedAt" IS NULL AND cs."mfaAt" IS NOT NULL) AS "consoleMfaAt",
       c.exp AS "credentialExpiresAt", c.issued AS "credentialIssuedAt"
FROM "Actor" a
LEFT JOIN "HumanProfile" h ON h."actorId" = a.id
LEFT JOIN "NhiProfile" n ON n."actorId" = a.id
LEFT JOIN "AgentProfile" ag ON ag."actorId" = a.id
LEFT JOIN LATERAL (SELECT min(cr."expiresAt") AS exp, min(cr."issuedAt") AS issued FROM "Credential" cr
                   WHERE cr."actorId" = a.id AND cr."revokedAt" IS NULL) c ON a.kind = 'NHI'
WHERE a.id = ANY($1::uuid[])`;

type SubjectRow = {
  id: string;
  kind: Kind;
  name: string;
  status: string;
  environment: string;
  riskScore: number;
  teamId: string | null;
  tags: string[];
  sourceSystem: string;
  email: string | null;
  department: string | null;
  mfaEnrolled: boolean | null;
  mfaVerifiedAt: Date | null;
  employmentStatus: string | null;
  nhiType: string | null;
  platform: string | null;
  ownerId: string | null;
  claimStatus: string | null;
  expiresAt: Date | null;
  rotationDueAt: Date | null;
  lastRotatedAt: Date | null;
  sponsorId: string | null;
  autonomy: AgentRecord["autonomy"] | null;
  onBehalfOfScope: AgentRecord["onBehalfOfScope"] | null;
  tools: string[] | null;
  boundary: unknown;
  actForIds: string[] | null;
  agentExpiresAt: Date | null;
  entitlementsUntil: Array<[string, number | null]>;
  consoleMfaAt: Date | null;
  credentialExpiresAt: Date | null;
  credentialIssuedAt: Date | null;
};

// A grant's expiry needs no cache expiry: the decision path checks entitlementsUntil against
// its own clock (lib/enforcement/records.ts), whatever the cache holds.
function toRecord(a: SubjectRow): SubjectRecord | null {
  const base = {
    id: a.id,
    name: a.name,
    status: a.status,
    environment: a.environment,
    riskScore: a.riskScore,
    teamId: a.teamId,
    tags: a.tags,
    entitlements: a.entitlementsUntil.map(([id]) => id),
    entitlementsUntil: Object.fromEntries(
      a.entitlementsUntil.map(([id, until]) => [id, until === null ? null : Number(until)]),
    ),
  };
  if (a.kind === "HUMAN" && a.email !== null) {
    const r: HumanRecord = {
      ...base,
      kind: "HUMAN",
      email: a.email,
      department: a.department ?? "",
      mfaEnrolled: !!a.mfaEnrolled,
      mfaVerifiedAt: a.mfaVerifiedAt,
      consoleMfaAt: a.consoleMfaAt,
      employmentStatus: a.employmentStatus ?? "EMPLOYEE",
      sourceSystem: a.sourceSystem,
    };
    return r;
  }
  if (a.kind === "NHI" && a.nhiType !== null) {
    const r: NhiRecord = {
      ...base,
      kind: "NHI",
      nhiType: a.nhiType,
      platform: a.platform ?? "",
      ownerId: a.ownerId,
      claimStatus: a.claimStatus ?? "UNCLAIMED",
      expiresAt: a.expiresAt,
      rotationDueAt: a.rotationDueAt,
      lastRotatedAt: a.lastRotatedAt,
      credentialExpiresAt: a.credentialExpiresAt,
      credentialIssuedAt: a.credentialIssuedAt,
    };
    return r;
  }
  if (a.kind === "AGENT" && a.autonomy !== null) {
    const r: AgentRecord = {
      ...base,
      kind: "AGENT",
      sponsorId: a.sponsorId,
      autonomy: a.autonomy,
      onBehalfOfScope: a.onBehalfOfScope ?? "NONE",
      tools: a.tools ?? [],
      boundary: boundaryOf(a.boundary),
      actForIds: a.actForIds ?? [],
      expiresAt: a.agentExpiresAt,
    };
    return r;
  }
  return null;
}

// Concurrent lookups within one tick become one query (WHERE id = ANY(...)): under load the
// decision path makes a handful of queries per batch instead of one or more per request.
type Waiter = { resolve: (r: SubjectRecord | null) => void; reject: (e: unknown) => void };
let pending = new Map<string, Waiter[]>();
let scheduled = false;

function flushSubjects() {
  scheduled = false;
  const batch = pending;
  pending = new Map();
  // On the plain pg pool: this runs every tick under load, where Prisma's raw-query path costs more.
  pool()
    .query<SubjectRow>(SUBJECT_SQL, [[...batch.keys()]])
    .then(({ rows }) => {
      const byId = new Map(rows.map((r) => [r.id, toRecord(r)]));
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(byId.get(id) ?? null);
    })
    .catch((error: unknown) => {
      for (const waiters of batch.values()) for (const w of waiters) w.reject(error);
    });
}

function byActorId(id: string): Promise<SubjectRecord | null> {
  return new Promise((resolve, reject) => {
    const waiters = pending.get(id) ?? [];
    waiters.push({ resolve, reject });
    pending.set(id, waiters);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flushSubjects);
    }
  });
}

/** A subject by actor id, human email, or external id (provenance); null when unknown. */
const subjectActors = (s: SubjectRecord | null) => (s ? [s.id] : []);

export function loadSubject(kind: Kind, id: string): Promise<SubjectRecord | null> {
  return cached(
    `s:${kind}:${id}`,
    async () => {
      let actorId: string | null = isUuid(id) ? id : null;
      if (!actorId && kind === "HUMAN" && id.includes("@")) {
        actorId =
          (
            await db.humanProfile.findUnique({
              where: { email: id.toLowerCase() },
              select: { actorId: true },
            })
          )?.actorId ?? null;
      }
      if (!actorId)
        actorId =
          (await db.actor.findFirst({ where: { externalId: id, kind }, select: { id: true } }))?.id ?? null;
      if (!actorId) return null;
      const record = await byActorId(actorId);
      return record && record.kind === kind ? record : null;
    },
    subjectActors,
  );
}

export const RESOURCE_TYPES = ["resource", "entitlement", "tool", "nhi", "user", "todo"] as const;

/** A resource by AuthZEN type + id; null when a registered kind is unknown. */
export function loadResource(
  type: string,
  id: string,
  properties: Record<string, unknown> | undefined,
): Promise<ResourceRecord | null> {
  const t = type.toLowerCase();
  if (t === "user") return Promise.resolve({ type: "User", id });
  if (t === "todo") {
    const owner = properties?.ownerID;
    return Promise.resolve({ type: "Todo", id, ...(typeof owner === "string" ? { ownerID: owner } : {}) });
  }
  if (!(RESOURCE_TYPES as readonly string[]).includes(t)) {
    throw new Invalid(`unknown resource type "${type}"; use one of ${RESOURCE_TYPES.join(", ")}`);
  }
  return cached(
    `r:${t}:${id}`,
    async (): Promise<ResourceRecord | null> => {
      if (t === "nhi") {
        const s = await loadSubject("NHI", id);
        return s && s.kind === "NHI" ? { type: "NHI", id: s.id, record: s } : null;
      }
      if (t === "entitlement") {
        if (!isUuid(id)) return null;
        const e = await db.entitlement.findUnique({
          where: { id },
          select: {
            id: true,
            name: true,
            privileged: true,
            resourceId: true,
            resource: { select: { sensitivity: true, environment: true } },
          },
        });
        return e
          ? {
              type: "Entitlement",
              id: e.id,
              name: e.name,
              privileged: e.privileged,
              resourceId: e.resourceId,
              ...e.resource,
            }
          : null;
      }
      const select = {
        id: true,
        name: true,
        kind: true,
        sensitivity: true,
        environment: true,
        ownerId: true,
        entitlements: { select: { id: true } },
      };
      const row = isUuid(id)
        ? await db.resource.findUnique({ where: { id }, select })
        : t === "tool"
          ? await db.resource.findFirst({ where: { name: id, kind: "TOOL" }, select })
          : null;
      if (t === "tool") {
        // Tools an agent names but the inventory does not list are still evaluated (by name).
        if (!row || row.kind !== "TOOL")
          return { type: "Tool", id, name: id, sensitivity: "INTERNAL", entitlementIds: [] };
        return {
          type: "Tool",
          id: row.id,
          name: row.name,
          sensitivity: row.sensitivity,
          entitlementIds: row.entitlements.map((e) => e.id),
        };
      }
      if (!row) return null;
      return {
        type: "Resource",
        id: row.id,
        name: row.name,
        kind: row.kind,
        sensitivity: row.sensitivity,
        environment: row.environment,
        ownerId: row.ownerId,
        entitlementIds: row.entitlements.map((e) => e.id),
      };
    },
    // An NHI as a resource carries its grants; entitlements, tools and resources carry none.
    (r) => (r?.type === "NHI" ? [r.id] : []),
  );
}
