import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import type { Prisma } from "@/lib/generated/prisma/client";
import { offsetOf, toOrderBy, type TableConfig, type TableParams } from "@/lib/table/search-params";
import type { Caller } from "@/lib/ownership/caller";
import { overdueAgentWhere } from "@/lib/campaigns/attestation";
import { boundaryOf } from "./boundary";

/** The agent profile fields a sponsor edits: the edit form reads them, updateAgent diffs them. */
export const EDITABLE_AGENT_FIELDS = {
  model: true,
  provider: true,
  runtime: true,
  autonomyLevel: true,
  onBehalfOf: true,
  actForIds: true,
  toolBoundary: true,
  toolAllowList: true,
  attestationDays: true,
  maxSessionTtlMinutes: true,
  expiresAt: true,
} as const satisfies Prisma.AgentProfileSelect;

export const agentTable: TableConfig = {
  sortable: ["displayName", "createdAt"],
  filterable: {
    status: ["ACTIVE", "SUSPENDED", "OFFBOARDING", "RETIRED"],
    autonomy: ["SUGGEST_ONLY", "ACT_WITH_APPROVAL", "BOUNDED_AUTONOMY"],
    attestation: ["OVERDUE"],
  },
  defaultSort: [{ id: "displayName", desc: false }],
  defaultSize: 50,
};

/** Agents the caller sponsors (admins: every agent), paged on the server. */
export async function listAgents(caller: Caller, params: TableParams) {
  const where: Prisma.ActorWhereInput = {
    kind: "AGENT",
    ...(caller.isAdmin
      ? {}
      : { agent: { sponsorId: caller.actorId ?? "00000000-0000-0000-0000-000000000000" } }),
    ...(params.filters.status
      ? { status: { in: params.filters.status as Prisma.EnumActorStatusFilter["in"] } }
      : {}),
    ...(params.filters.autonomy
      ? {
          agent: {
            autonomyLevel: { in: params.filters.autonomy as Prisma.EnumAutonomyLevelFilter["in"] },
            ...(caller.isAdmin ? {} : { sponsorId: caller.actorId ?? "" }),
          },
        }
      : {}),
    ...(params.q ? { displayName: { contains: params.q, mode: "insensitive" as const } } : {}),
    ...(params.filters.attestation ? { AND: [overdueAgentWhere()] } : {}),
  };
  const orderBy = toOrderBy<Prisma.ActorOrderByWithRelationInput>(
    params.sort,
    { displayName: (d) => ({ displayName: d }), createdAt: (d) => ({ createdAt: d }) },
    { id: "asc" },
  );
  const [rows, total] = await Promise.all([
    db.actor.findMany({
      where,
      orderBy,
      ...offsetOf(params),
      select: {
        id: true,
        displayName: true,
        status: true,
        agent: {
          select: {
            model: true,
            provider: true,
            runtime: true,
            autonomyLevel: true,
            toolAllowList: true,
            expiresAt: true,
            sponsor: { select: { displayName: true } },
          },
        },
        _count: { select: { agentSessions: { where: { endedAt: null, expiresAt: { gt: new Date() } } } } },
      },
    }),
    db.actor.count({ where }),
  ]);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      name: r.displayName,
      status: r.status,
      model: `${r.agent?.provider ?? ""} ${r.agent?.model ?? ""}`.trim(),
      runtime: r.agent?.runtime ?? "",
      autonomy: r.agent?.autonomyLevel ?? "SUGGEST_ONLY",
      tools: r.agent?.toolAllowList ?? [],
      sponsor: r.agent?.sponsor?.displayName ?? null,
      expiresAt: r.agent?.expiresAt ?? null,
      liveSessions: r._count.agentSessions,
    })),
  };
}
export type AgentRow = Awaited<ReturnType<typeof listAgents>>["rows"][number];

/** One agent for its edit page; null when missing or not the caller's to manage. */
export async function getAgentForEdit(caller: Caller, id: string) {
  // A uuid's shape, not just its alphabet: 36 dashes would reach PostgreSQL as a bad uuid.
  if (!isUuid(id)) return null;
  const a = await db.actor.findFirst({
    where: {
      id,
      kind: "AGENT",
      ...(caller.isAdmin
        ? {}
        : { agent: { sponsorId: caller.actorId ?? "00000000-0000-0000-0000-000000000000" } }),
    },
    select: {
      id: true,
      displayName: true,
      status: true,
      agent: {
        select: {
          ...EDITABLE_AGENT_FIELDS,
          sponsor: { select: { id: true, displayName: true } },
        },
      },
    },
  });
  if (!a?.agent) return null;
  const people = a.agent.actForIds.length
    ? await db.humanProfile.findMany({
        where: { actorId: { in: a.agent.actForIds } },
        select: { email: true },
      })
    : [];
  // Agents imported before boundaries existed have only a tool allow-list: shown as tools without actions.
  const stored = boundaryOf(a.agent.toolBoundary);
  const boundary = stored.length
    ? stored
    : a.agent.toolAllowList.map((tool) => ({ tool, actions: [], dataScopes: [] }));
  return { ...a, agent: { ...a.agent, boundary, actForEmails: people.map((p) => p.email) } };
}

/** Live sessions (of the caller's agents; admins: all), newest first, with their decisions so far. */
export async function listLiveSessions(caller: Caller, options: { agentId?: string; take?: number } = {}) {
  const now = new Date();
  return db.agentSession.findMany({
    where: {
      endedAt: null,
      expiresAt: { gt: now },
      ...(options.agentId ? { agentId: options.agentId } : {}),
      ...(caller.isAdmin
        ? {}
        : { agent: { agent: { sponsorId: caller.actorId ?? "00000000-0000-0000-0000-000000000000" } } }),
    },
    orderBy: { startedAt: "desc" },
    take: Math.min(options.take ?? 100, 200),
    select: {
      id: true,
      task: true,
      startedAt: true,
      expiresAt: true,
      calls: true,
      denies: true,
      agent: { select: { id: true, displayName: true } },
      onBehalfOf: { select: { displayName: true } },
    },
  });
}

// Nothing was ledgered since the session started: no entry can name it.
const NO_ENTRY = BigInt("9223372036854775807");

/**
 * The last decisions made in one session: the agent's ledger entries (index on target, seq) naming
 * it, from the session's start on. Without that bound, a session that has made no call yet would
 * read every decision its agent ever made (millions for a busy one) looking for ten. The start is
 * found through the ledger's time index (`at` rises with seq), with five minutes of margin for a
 * replica's clock.
 */
export async function listSessionDecisions(
  session: { id: string; agentId: string; startedAt: Date },
  take = 20,
) {
  const from = new Date(session.startedAt.getTime() - 5 * 60_000);
  const entries = await db.$queryRaw<Array<{ seq: bigint; at: Date; details: unknown }>>`
    SELECT e.seq, e.at, e.details FROM "LogEntry" e
    WHERE e.target = ${`actor:${session.agentId}`} AND e.action = 'decision.evaluated'
      AND e.seq >= COALESCE((SELECT s.seq FROM "LogEntry" s WHERE s.at >= ${from} ORDER BY s.at, s.seq LIMIT 1), ${NO_ENTRY})
      AND e.details::jsonb->>'sessionId' = ${session.id}
    ORDER BY e.seq DESC LIMIT ${take}`;
  return entries.map((e) => {
    const d = (e.details ?? {}) as {
      decision?: string;
      action?: string;
      resource?: { type?: string; id?: string };
      reason?: string;
    };
    return {
      seq: e.seq.toString(),
      at: e.at,
      decision: d.decision ?? "DENY",
      action: d.action ?? "",
      resource: `${d.resource?.type ?? "?"}:${d.resource?.id ?? "?"}`,
      reason: d.reason ?? "",
    };
  });
}

export async function listActiveAgentsForConsent() {
  return db.actor.findMany({
    where: { kind: "AGENT", status: "ACTIVE" },
    orderBy: { displayName: "asc" },
    take: 200,
    select: { id: true, displayName: true },
  });
}

/** Agents without a sponsor (suspended until someone sponsors them), for the claim card. */
export async function listUnsponsoredAgents(take = 20) {
  return db.actor.findMany({
    where: { kind: "AGENT", status: { not: "RETIRED" }, agent: { sponsorId: null, pendingSponsorId: null } },
    orderBy: { displayName: "asc" },
    take,
    select: { id: true, displayName: true, agent: { select: { provider: true, model: true } } },
  });
}
