import { db } from "@/lib/db";

export type Suggestion = { personId: string; name: string; reason: string; isViewer: boolean };

type Evidence = {
  id: string;
  platform: string;
  platformAccount: string | null;
  createdById: string | null;
  lastRotatedById: string | null;
  lastRotatedAt: Date | null;
};

/**
 * A suggested owner for each unclaimed NHI, from evidence in the data, strongest first: the
 * person who created it, the owner of another NHI on the same platform account, the last person
 * who rotated it. Only active people who are not leaving are suggested. A human confirms.
 */
export async function suggestOwners(
  items: Evidence[],
  viewerId: string | null,
): Promise<Map<string, Suggestion>> {
  const out = new Map<string, Suggestion>();
  if (items.length === 0) return out;
  const accounts = [
    ...new Set(items.filter((i) => i.platformAccount).map((i) => `${i.platform}\u0000${i.platformAccount}`)),
  ];
  // One owned sibling per account, each found through the partial (platform, platformAccount)
  // index: Prisma's `distinct` is applied in Node, so it fetched every owned NHI on the accounts
  // (thousands an account at 1,000,000 NHIs) to keep one of each.
  const siblings = accounts.length
    ? await db.$queryRaw<
        Array<{ platform: string; platformAccount: string; ownerId: string; team: string | null }>
      >`
        SELECT k.platform, k.account AS "platformAccount", s."ownerId", t.name AS team
        FROM unnest(${accounts.map((k) => k.split("\u0000")[0])}::text[], ${accounts.map((k) => k.split("\u0000")[1])}::text[]) AS k(platform, account)
        CROSS JOIN LATERAL (
          SELECT n."ownerId", n."actorId" FROM "NhiProfile" n
          WHERE n.platform = k.platform AND n."platformAccount" = k.account AND n."claimStatus" = 'OWNED' AND n."ownerId" IS NOT NULL
          LIMIT 1
        ) s
        JOIN "Actor" a ON a.id = s."actorId" LEFT JOIN "Team" t ON t.id = a."teamId"`
    : [];
  const siblingBy = new Map(siblings.map((s) => [`${s.platform}\u0000${s.platformAccount}`, s]));
  const personIds = new Set<string>();
  for (const i of items) {
    if (i.createdById) personIds.add(i.createdById);
    if (i.lastRotatedById) personIds.add(i.lastRotatedById);
  }
  for (const s of siblings) if (s.ownerId) personIds.add(s.ownerId);
  const people = await db.actor.findMany({
    where: { id: { in: [...personIds] }, kind: "HUMAN", status: "ACTIVE", flaggedAt: null },
    select: { id: true, displayName: true },
  });
  const name = new Map(people.map((p) => [p.id, p.displayName]));
  const make = (personId: string, reason: string): Suggestion => ({
    personId,
    name: name.get(personId)!,
    reason,
    isViewer: personId === viewerId,
  });
  for (const i of items) {
    const sibling = i.platformAccount ? siblingBy.get(`${i.platform}\u0000${i.platformAccount}`) : undefined;
    if (i.createdById && name.has(i.createdById)) out.set(i.id, make(i.createdById, "Created it"));
    else if (sibling?.ownerId && name.has(sibling.ownerId))
      out.set(
        i.id,
        make(
          sibling.ownerId,
          `Owns another identity on ${i.platform} / ${i.platformAccount}${sibling.team ? ` (team ${sibling.team})` : ""}`,
        ),
      );
    else if (i.lastRotatedById && name.has(i.lastRotatedById))
      out.set(
        i.id,
        make(
          i.lastRotatedById,
          `Rotated it last${i.lastRotatedAt ? ` on ${i.lastRotatedAt.toISOString().slice(0, 10)}` : ""}`,
        ),
      );
  }
  return out;
}
