import { db } from "@/lib/db";

export type OwnershipSummary = { nhis: number; owned: number; orphaned: number; unclaimed: number; overdue: number; agentsWithoutSponsor: number };

/** The numbers behind the dashboard tiles (each served by an index on claim status / due date). */
export async function getOwnershipSummary(now = new Date()): Promise<OwnershipSummary> {
  const live = { actor: { status: { not: "RETIRED" as const } } };
  const [byStatus, overdue, agentsWithoutSponsor] = await Promise.all([
    db.nhiProfile.groupBy({ by: ["claimStatus"], where: live, _count: { _all: true } }),
    db.nhiProfile.count({ where: { ...live, rotationDueAt: { lte: now } } }),
    db.agentProfile.count({ where: { ...live, sponsorId: null } }),
  ]);
  const count = (s: string) => byStatus.find((b) => b.claimStatus === s)?._count._all ?? 0;
  const nhis = byStatus.reduce((n, b) => n + b._count._all, 0);
  return { nhis, owned: count("OWNED"), orphaned: count("ORPHANED"), unclaimed: count("UNCLAIMED") + count("CLAIM_PENDING"), overdue, agentsWithoutSponsor };
}
