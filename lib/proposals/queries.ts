import { db } from "@/lib/db";
import { decidableWhere } from "./mutations";

/** Pending proposals this person decides, oldest first (they expire). */
export async function listPendingProposals(personId: string | null, take = 100) {
  const rows = await db.agentProposal.findMany({
    where: { status: "PENDING", expiresAt: { gt: new Date() }, ...decidableWhere(personId) },
    orderBy: { createdAt: "asc" },
    take: Math.min(take, 200),
    select: {
      id: true,
      action: true,
      resource: true,
      reason: true,
      arguments: true,
      context: true,
      createdAt: true,
      expiresAt: true,
      sessionId: true,
      agent: { select: { id: true, displayName: true } },
      onBehalfOf: { select: { displayName: true } },
    },
  });
  return rows.map((r) => {
    const ctx = (r.context ?? {}) as { policies?: string[]; policyResult?: string; task?: string | null };
    return {
      ...r,
      policies: ctx.policies ?? [],
      policyResult: ctx.policyResult ?? "allowed by policy; needs approval",
      task: ctx.task ?? null,
    };
  });
}

/** Every pending proposal, oldest first: the operator's view at the CLI. */
export async function listAllPendingProposals(take = 50) {
  return db.agentProposal.findMany({
    where: { status: "PENDING" },
    orderBy: { createdAt: "asc" },
    take: Math.min(take, 200),
    select: { id: true, action: true, resource: true, agent: { select: { displayName: true } } },
  });
}

/** Recently decided proposals of this person (what they approved or rejected). */
export async function listDecidedProposals(personId: string | null, take = 20) {
  return db.agentProposal.findMany({
    where: { status: { not: "PENDING" }, ...decidableWhere(personId) },
    orderBy: { createdAt: "desc" },
    take,
    select: {
      id: true,
      action: true,
      resource: true,
      status: true,
      decidedAt: true,
      maxUses: true,
      usesLeft: true,
      credentialIssuedAt: true,
      agent: { select: { displayName: true } },
    },
  });
}

/** The sidebar's count: bounded, on the (status, createdAt) index. */
export async function countPendingProposals(personId: string | null): Promise<number> {
  if (!personId) return 0;
  return db.agentProposal.count({
    where: { status: "PENDING", expiresAt: { gt: new Date() }, ...decidableWhere(personId) },
    take: 100,
  });
}
