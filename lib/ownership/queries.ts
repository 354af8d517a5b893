import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { ClaimStatus } from "@/lib/generated/prisma/enums";
import { offsetOf, type TableConfig, type TableParams } from "@/lib/table/search-params";
import { suggestOwners, type Suggestion } from "./suggestions";

export const COUNT_CAP = 10_000;

export const queueTable: TableConfig = {
  sortable: ["riskScore", "displayName", "createdAt"],
  filterable: {
    status: ["UNCLAIMED", "ORPHANED", "CLAIM_PENDING", "NO_SPONSOR"],
    kind: ["NHI", "AGENT"],
    platform: "text",
  },
  defaultSort: [{ id: "riskScore", desc: true }],
  defaultSize: 25,
  maxSize: 100,
};

export type QueueRow = {
  id: string;
  displayName: string;
  kind: "NHI" | "AGENT";
  status: string;
  riskScore: number;
  createdAt: Date;
  nhiType: string | null;
  platform: string | null;
  platformAccount: string | null;
  claimStatus: ClaimStatus | "NO_SPONSOR";
  pendingOwner: { id: string; name: string } | null;
  pendingClaimant: string | null;
  lastRotatedAt: Date | null;
  suggestion: Suggestion | null;
};

const QUEUE_CLAIM: ClaimStatus[] = ["UNCLAIMED", "ORPHANED", "CLAIM_PENDING"];

const SORT_SQL: Record<string, string> = {
  riskScore: `a."riskScore"`,
  displayName: `a."displayName"`,
  createdAt: `a."createdAt"`,
};

/**
 * The claim queue: unclaimed, orphaned and pending NHIs, and agents without a sponsor. Each
 * kind is its own branch that walks the Actor (kind, <sort>) index and stops at the page, so a
 * risk-ordered page stays fast with a million NHIs; the count is capped at COUNT_CAP.
 */
function queueBranches(params: TableParams, limit: number | null, ordered = true): Prisma.Sql[] {
  const wanted = params.filters.status ?? [];
  const claim = (wanted.length ? wanted.filter((s) => s !== "NO_SPONSOR") : QUEUE_CLAIM) as ClaimStatus[];
  const kinds = params.filters.kind ?? ["NHI", "AGENT"];
  const platform = params.filters.platform?.[0];
  const sort = params.sort[0] ?? { id: "riskScore", desc: true };
  const order = ordered
    ? Prisma.raw(
        `ORDER BY ${SORT_SQL[sort.id] ?? SORT_SQL.riskScore} ${sort.desc ? "DESC" : "ASC"}, a.id ASC`,
      )
    : Prisma.empty;
  const search = params.q
    ? Prisma.sql`AND (a."displayName" ILIKE ${`%${params.q}%`} OR a."externalId" ILIKE ${`%${params.q}%`})`
    : Prisma.empty;
  const cap = limit === null ? Prisma.empty : Prisma.sql`LIMIT ${limit}`;
  const branches: Prisma.Sql[] = [];
  if (kinds.includes("NHI") && claim.length > 0) {
    branches.push(Prisma.sql`(SELECT a.id, a."riskScore", a."displayName", a."createdAt" FROM "Actor" a JOIN "NhiProfile" n ON n."actorId" = a.id
      WHERE a.kind = 'NHI' AND a.status <> 'RETIRED' AND n."claimStatus" = ANY(${claim}::"ClaimStatus"[]) ${platform ? Prisma.sql`AND lower(n.platform) = lower(${platform})` : Prisma.empty} ${search}
      ${order} ${cap})`);
  }
  if (kinds.includes("AGENT") && (wanted.length === 0 || wanted.includes("NO_SPONSOR")) && !platform) {
    branches.push(Prisma.sql`(SELECT a.id, a."riskScore", a."displayName", a."createdAt" FROM "Actor" a JOIN "AgentProfile" g ON g."actorId" = a.id
      WHERE a.kind = 'AGENT' AND a.status <> 'RETIRED' AND g."sponsorId" IS NULL ${search}
      ${order} ${cap})`);
  }
  return branches;
}

export async function listClaimQueue(
  params: TableParams,
  viewerId: string | null,
): Promise<{ rows: QueueRow[]; total: number; capped: boolean }> {
  const { skip, take } = offsetOf(params);
  const sort = params.sort[0] ?? { id: "riskScore", desc: true };
  const outerOrder = Prisma.raw(
    `x."${sort.id in SORT_SQL ? sort.id : "riskScore"}" ${sort.desc ? "DESC" : "ASC"}, x.id ASC`,
  );
  const pageBranches = queueBranches(params, skip + take);
  const countBranches = queueBranches(params, COUNT_CAP + 1, false);
  if (pageBranches.length === 0) return { rows: [], total: 0, capped: false };
  const [idRows, countRows] = await Promise.all([
    db.$queryRaw<
      { id: string }[]
    >`SELECT x.id FROM (${Prisma.join(pageBranches, " UNION ALL ")}) x ORDER BY ${outerOrder} LIMIT ${take} OFFSET ${skip}`,
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (${Prisma.join(
      countBranches.map((b) => Prisma.sql`SELECT * FROM ${b} b`),
      " UNION ALL ",
    )}) x`,
  ]);
  const counted = Number(countRows[0]?.n ?? 0);
  const ids = idRows.map((r) => r.id);
  const found = await db.actor.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      displayName: true,
      kind: true,
      status: true,
      riskScore: true,
      createdAt: true,
      nhi: {
        select: {
          nhiType: true,
          platform: true,
          platformAccount: true,
          claimStatus: true,
          createdById: true,
          lastRotatedById: true,
          lastRotatedAt: true,
          pendingOwner: { select: { id: true, displayName: true } },
        },
      },
      agent: { select: { pendingSponsor: { select: { id: true, displayName: true } } } },
      claims: {
        where: { status: "PENDING" },
        select: { claimant: { select: { displayName: true } } },
        take: 1,
      },
    },
  });
  const byId = new Map(found.map((a) => [a.id, a]));
  const actors = ids.map((id) => byId.get(id)).filter((a) => a !== undefined);
  const suggestions = await suggestOwners(
    actors
      .filter((a) => a.nhi && a.nhi.claimStatus !== "CLAIM_PENDING")
      .map((a) => ({
        id: a.id,
        platform: a.nhi!.platform,
        platformAccount: a.nhi!.platformAccount,
        createdById: a.nhi!.createdById,
        lastRotatedById: a.nhi!.lastRotatedById,
        lastRotatedAt: a.nhi!.lastRotatedAt,
      })),
    viewerId,
  );
  const rows: QueueRow[] = actors.map((a) => {
    const pending = a.nhi?.pendingOwner ?? a.agent?.pendingSponsor ?? null;
    return {
      id: a.id,
      displayName: a.displayName,
      kind: a.kind as "NHI" | "AGENT",
      status: a.status,
      riskScore: a.riskScore,
      createdAt: a.createdAt,
      nhiType: a.nhi?.nhiType ?? null,
      platform: a.nhi?.platform ?? null,
      platformAccount: a.nhi?.platformAccount ?? null,
      claimStatus: a.nhi?.claimStatus ?? "NO_SPONSOR",
      pendingOwner: pending ? { id: pending.id, name: pending.displayName } : null,
      pendingClaimant: a.claims[0]?.claimant.displayName ?? null,
      lastRotatedAt: a.nhi?.lastRotatedAt ?? null,
      suggestion: suggestions.get(a.id) ?? null,
    };
  });
  return { rows, total: Math.min(counted, COUNT_CAP), capped: counted > COUNT_CAP };
}

/** Claims waiting for an admin, oldest first, and the caller's own recent claims. */
export async function listPendingClaims(take = 100) {
  return db.ownershipClaim.findMany({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take,
    select: {
      id: true,
      justification: true,
      createdAt: true,
      claimantId: true,
      claimant: { select: { displayName: true, team: { select: { name: true } } } },
      actor: {
        select: {
          id: true,
          displayName: true,
          kind: true,
          riskScore: true,
          nhi: { select: { platform: true, platformAccount: true, nhiType: true } },
        },
      },
    },
  });
}

export async function listMyClaims(claimantId: string, take = 50) {
  return db.ownershipClaim.findMany({
    where: { claimantId },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      status: true,
      autoApproved: true,
      decisionReason: true,
      createdAt: true,
      decidedAt: true,
      actor: { select: { id: true, displayName: true, kind: true } },
    },
  });
}

export async function listTransfers(personId: string) {
  const select = {
    id: true,
    reason: true,
    status: true,
    createdAt: true,
    decidedAt: true,
    toTeamId: true,
    actor: { select: { id: true, displayName: true, kind: true } },
    from: { select: { displayName: true } },
    to: { select: { displayName: true } },
  } as const;
  const [incoming, outgoing] = await Promise.all([
    db.ownershipTransfer.findMany({
      where: { toId: personId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select,
    }),
    db.ownershipTransfer.findMany({
      where: { fromId: personId },
      orderBy: { createdAt: "desc" },
      take: 50,
      select,
    }),
  ]);
  return { incoming, outgoing };
}

/** What succession handed to this person and still waits for them to accept. */
export async function listPendingSuccession(personId: string) {
  const [nhis, agents] = await Promise.all([
    db.nhiProfile.findMany({
      where: { pendingOwnerId: personId, claimStatus: "ORPHANED" },
      take: 200,
      select: {
        actorId: true,
        platform: true,
        nhiType: true,
        actor: { select: { displayName: true, flaggedReason: true } },
      },
    }),
    db.agentProfile.findMany({
      where: { pendingSponsorId: personId, sponsorId: null },
      take: 200,
      select: {
        actorId: true,
        provider: true,
        model: true,
        actor: { select: { displayName: true, flaggedReason: true } },
      },
    }),
  ]);
  return [
    ...nhis.map((n) => ({
      id: n.actorId,
      name: n.actor.displayName,
      kind: "NHI" as const,
      detail: `${n.platform} · ${n.nhiType}`,
      why: n.actor.flaggedReason,
    })),
    ...agents.map((a) => ({
      id: a.actorId,
      name: a.actor.displayName,
      kind: "AGENT" as const,
      detail: `${a.provider} ${a.model}`,
      why: a.actor.flaggedReason,
    })),
  ];
}

/** NHIs and agents this person may hand over (owns or sponsors), for the transfer form. */
export async function listOwnedForTransfer(personId: string) {
  return db.actor.findMany({
    where: {
      status: { not: "RETIRED" },
      OR: [{ nhi: { ownerId: personId } }, { agent: { sponsorId: personId } }],
    },
    orderBy: { displayName: "asc" },
    take: 500,
    select: { id: true, displayName: true, kind: true },
  });
}

export async function findPersonByEmail(email: string) {
  return db.humanProfile
    .findUnique({ where: { email: email.toLowerCase() }, select: { actorId: true } })
    .then(
      async (p) =>
        p ??
        db.humanProfile.findFirst({
          where: { email: { equals: email, mode: "insensitive" } },
          select: { actorId: true },
        }),
    );
}

export async function listTeams() {
  return db.team.findMany({
    orderBy: { name: "asc" },
    take: 500,
    select: { id: true, name: true, lead: { select: { displayName: true } } },
  });
}
