import { db } from "@/lib/db";

export function listApiClients() {
  return db.apiClient.findMany({
    where: { actorId: null },
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    take: 200,
    select: {
      id: true,
      name: true,
      keyId: true,
      scopes: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { name: true } },
    },
  });
}
