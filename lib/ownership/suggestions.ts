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
  const siblings = accounts.length
    ? await db.nhiProfile.findMany({
        where: {
          claimStatus: "OWNED",
          OR: accounts.map((k) => {
            const [platform, platformAccount] = k.split("\u0000");
            return { platform, platformAccount };
          }),
        },
        distinct: ["platform", "platformAccount"],
        select: {
          platform: true,
          platformAccount: true,
          ownerId: true,
          actor: { select: { team: { select: { name: true } } } },
        },
      })
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
          `Owns another identity on ${i.platform} / ${i.platformAccount}${sibling.actor.team ? ` (team ${sibling.actor.team.name})` : ""}`,
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
