import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ClaimStatus } from "@/lib/generated/prisma/enums";
import { offsetOf, toOrderBy, type TableConfig, type TableParams } from "@/lib/table/search-params";
import { suggestOwners, type Suggestion } from "./suggestions";

export const COUNT_CAP = 10_000;

export const queueTable: TableConfig = {
  sortable: ["riskScore", "displayName", "createdAt"],
  filterable: { status: ["UNCLAIMED", "ORPHANED", "CLAIM_PENDING", "NO_SPONSOR"], kind: ["NHI", "AGENT"], platform: "text" },
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

/** The claim queue: unclaimed, orphaned and pending NHIs, and agents without a sponsor. */
export function queueWhere(params: TableParams): Prisma.ActorWhereInput {
  const wanted = params.filters.status ?? [];
  const claim = (wanted.length ? wanted.filter((s) => s !== "NO_SPONSOR") : QUEUE_CLAIM) as ClaimStatus[];
  const kinds = params.filters.kind ?? ["NHI", "AGENT"];
  const wantAgents = kinds.includes("AGENT") && (wanted.length === 0 || wanted.includes("NO_SPONSOR"));
  const wantNhis = kinds.includes("NHI") && claim.length > 0;
  const platform = params.filters.platform?.[0];
  const or: Prisma.ActorWhereInput[] = [];
  if (wantNhis) or.push({ kind: "NHI", nhi: { claimStatus: { in: claim }, ...(platform ? { platform: { equals: platform, mode: "insensitive" } } : {}) } });
  if (wantAgents && !platform) or.push({ kind: "AGENT", agent: { sponsorId: null } });
  return {
    status: { not: "RETIRED" },
    OR: or.length ? or : [{ id: "00000000-0000-0000-0000-000000000000" }],
    ...(params.q ? { OR: undefined, AND: [{ OR: or }, { OR: [{ displayName: { contains: params.q, mode: "insensitive" } }, { externalId: { contains: params.q, mode: "insensitive" } }] }] } : {}),
  };
}

export async function listClaimQueue(params: TableParams, viewerId: string | null): Promise<{ rows: QueueRow[]; total: number; capped: boolean }> {
  const where = queueWhere(params);
  const orderBy = toOrderBy<Prisma.ActorOrderByWithRelationInput>(
    params.sort,
    { riskScore: (d) => ({ riskScore: d }), displayName: (d) => ({ displayName: d }), createdAt: (d) => ({ createdAt: d }) },
    { id: "asc" },
  );
  const [actors, counted] = await Promise.all([
    db.actor.findMany({
      where,
      orderBy,
      ...offsetOf(params),
      select: {
        id: true, displayName: true, kind: true, status: true, riskScore: true, createdAt: true,
        nhi: { select: { nhiType: true, platform: true, platformAccount: true, claimStatus: true, createdById: true, lastRotatedById: true, lastRotatedAt: true, pendingOwner: { select: { id: true, displayName: true } } } },
        agent: { select: { pendingSponsor: { select: { id: true, displayName: true } } } },
        claims: { where: { status: "PENDING" }, select: { claimant: { select: { displayName: true } } }, take: 1 },
      },
    }),
    db.actor.count({ where, take: COUNT_CAP + 1 }),
  ]);
  const suggestions = await suggestOwners(
    actors.filter((a) => a.nhi && a.nhi.claimStatus !== "CLAIM_PENDING").map((a) => ({ id: a.id, platform: a.nhi!.platform, platformAccount: a.nhi!.platformAccount, createdById: a.nhi!.createdById, lastRotatedById: a.nhi!.lastRotatedById, lastRotatedAt: a.nhi!.lastRotatedAt })),
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
      id: true, justification: true, createdAt: true, claimantId: true,
      claimant: { select: { displayName: true, team: { select: { name: true } } } },
      actor: { select: { id: true, displayName: true, kind: true, riskScore: true, nhi: { select: { platform: true, platformAccount: true, nhiType: true } } } },
    },
  });
}

export async function listMyClaims(claimantId: string, take = 50) {
  return db.ownershipClaim.findMany({
    where: { claimantId },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, status: true, autoApproved: true, decisionReason: true, createdAt: true, decidedAt: true, actor: { select: { id: true, displayName: true, kind: true } } },
  });
}

export async function listTransfers(personId: string) {
  const select = {
    id: true, reason: true, status: true, createdAt: true, decidedAt: true, toTeamId: true,
    actor: { select: { id: true, displayName: true, kind: true } },
    from: { select: { displayName: true } },
    to: { select: { displayName: true } },
  } as const;
  const [incoming, outgoing] = await Promise.all([
    db.ownershipTransfer.findMany({ where: { toId: personId }, orderBy: { createdAt: "desc" }, take: 50, select }),
    db.ownershipTransfer.findMany({ where: { fromId: personId }, orderBy: { createdAt: "desc" }, take: 50, select }),
  ]);
  return { incoming, outgoing };
}

/** What succession handed to this person and still waits for them to accept. */
export async function listPendingSuccession(personId: string) {
  const [nhis, agents] = await Promise.all([
    db.nhiProfile.findMany({ where: { pendingOwnerId: personId, claimStatus: "ORPHANED" }, take: 200, select: { actorId: true, platform: true, nhiType: true, actor: { select: { displayName: true, flaggedReason: true } } } }),
    db.agentProfile.findMany({ where: { pendingSponsorId: personId, sponsorId: null }, take: 200, select: { actorId: true, provider: true, model: true, actor: { select: { displayName: true, flaggedReason: true } } } }),
  ]);
  return [
    ...nhis.map((n) => ({ id: n.actorId, name: n.actor.displayName, kind: "NHI" as const, detail: `${n.platform} · ${n.nhiType}`, why: n.actor.flaggedReason })),
    ...agents.map((a) => ({ id: a.actorId, name: a.actor.displayName, kind: "AGENT" as const, detail: `${a.provider} ${a.model}`, why: a.actor.flaggedReason })),
  ];
}

/** NHIs and agents this person may hand over (owns or sponsors), for the transfer form. */
export async function listOwnedForTransfer(personId: string) {
  return db.actor.findMany({
    where: { status: { not: "RETIRED" }, OR: [{ nhi: { ownerId: personId } }, { agent: { sponsorId: personId } }] },
    orderBy: { displayName: "asc" },
    take: 500,
    select: { id: true, displayName: true, kind: true },
  });
}

export async function findPersonByEmail(email: string) {
  return db.humanProfile.findUnique({ where: { email: email.toLowerCase() }, select: { actorId: true } }).then(async (p) => p ?? db.humanProfile.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { actorId: true } }));
}

export async function findTeamByName(name: string) {
  return db.team.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true } });
}

export async function listTeams() {
  return db.team.findMany({ orderBy: { name: "asc" }, take: 500, select: { id: true, name: true, lead: { select: { displayName: true } } } });
}
