import { db } from "@/lib/db";
import { managedActorWhere, managedNhiWhere, type Caller } from "@/lib/ownership/caller";
import { COUNT_CAP } from "@/lib/ownership/queries";
import { listRotationBoard } from "@/lib/rotation/queries";
import type { WorkCardData } from "./types";

const DAY = 86_400_000;
const FEW = 5;
// "Mine" means owned or co-owned, also for admins: an admin's own queue is not the whole org.
const mine = (caller: Caller): Caller => ({ ...caller, isAdmin: false });

/** Ownership offered to this person (hand-overs) that waits for them to accept. */
export async function transfersToAccept(personId: string | null): Promise<WorkCardData> {
  const href = "/ownership/transfers";
  if (!personId) return { count: 0, items: [], href };
  const where = { toId: personId, status: "PENDING" as const };
  const [count, rows] = await Promise.all([
    db.ownershipTransfer.count({ where }),
    db.ownershipTransfer.findMany({
      where,
      orderBy: { createdAt: "asc" },
      take: FEW,
      select: { id: true, createdAt: true, reason: true, actor: { select: { id: true, displayName: true } } },
    }),
  ]);
  return {
    count,
    href,
    tone: count ? "warning" : "neutral",
    items: rows.map((t) => ({
      id: t.id,
      label: t.actor.displayName,
      detail: t.reason,
      href: "/ownership/transfers",
    })),
  };
}

/** My NHIs overdue for rotation or due within 7 days: the rotation board's own query. */
export async function rotationsDue(caller: Caller, now: Date): Promise<WorkCardData> {
  const board = await listRotationBoard(
    mine(caller),
    { bucket: "overdue", scope: "mine", page: 1, size: 10 },
    now,
  );
  const dueSoon = board.counts.due7;
  return {
    count: board.counts.overdue + dueSoon,
    capped: board.counts.overdue >= 10_000,
    href: "/ownership/rotation",
    tone: board.counts.overdue ? "danger" : dueSoon ? "warning" : "neutral",
    items: board.rows.slice(0, FEW).map((r) => ({
      id: r.id,
      label: r.name,
      detail: `${r.platform} · overdue`,
      href: `/actors/${r.id}`,
      due: r.dueAt,
    })),
  };
}

/**
 * The NHIs and agents this person manages (owned, co-owned, sponsored), listed through the
 * indexes on owner, co-owner and sponsor, or null when there are more than COUNT_CAP. A card then
 * filters Credential or Revocation by actor id on their actor indexes: `managedActorWhere`'s OR
 * of relation filters made PostgreSQL scan every credential (or revocation) and test each one.
 */
async function managedActorIds(caller: Caller): Promise<string[] | null> {
  if (!caller.actorId) return [];
  const me = caller.actorId;
  const [owned, coOwned, sponsored] = await Promise.all([
    db.nhiProfile.findMany({ where: { ownerId: me }, select: { actorId: true }, take: COUNT_CAP + 1 }),
    db.nhiCoOwner.findMany({ where: { ownerId: me }, select: { actorId: true }, take: COUNT_CAP + 1 }),
    db.agentProfile.findMany({ where: { sponsorId: me }, select: { actorId: true }, take: COUNT_CAP + 1 }),
  ]);
  const ids = new Set([...owned, ...coOwned, ...sponsored].map((r) => r.actorId));
  return ids.size > COUNT_CAP ? null : [...ids];
}

/** Live credentials of my NHIs and agents that expire within 30 days. */
export async function credentialsExpiring(caller: Caller, now: Date): Promise<WorkCardData> {
  const ids = await managedActorIds(mine(caller));
  const where = {
    revokedAt: null,
    expiresAt: { gt: now, lte: new Date(now.getTime() + 30 * DAY) },
    ...(ids ? { actorId: { in: ids } } : { actor: managedActorWhere(mine(caller)) }),
  };
  const [count, rows] = await Promise.all([
    db.credential.count({ where }),
    db.credential.findMany({
      where,
      orderBy: { expiresAt: "asc" },
      take: FEW,
      select: { id: true, label: true, expiresAt: true, actor: { select: { id: true, displayName: true } } },
    }),
  ]);
  return {
    count,
    href: "/ownership/rotation?bucket=due30",
    tone: count ? "warning" : "neutral",
    items: rows.map((c) => ({
      id: c.id,
      label: c.actor.displayName,
      detail: c.label,
      href: `/actors/${c.actor.id}`,
      due: c.expiresAt,
    })),
  };
}

/** My identities whose retirement checklist has started and is not archived yet. */
export async function retirementsInProgress(caller: Caller): Promise<WorkCardData> {
  const ids = await managedActorIds(mine(caller));
  const where = {
    status: { not: "RETIRED" as const },
    revocations: { some: { method: "RETIREMENT" as const, step: "ARCHIVE" as const, completedAt: null } },
    ...(ids
      ? { id: { in: ids } }
      : {
          OR: [
            { nhi: managedNhiWhere(mine(caller)) },
            { agent: { sponsorId: caller.actorId ?? "00000000-0000-0000-0000-000000000000" } },
          ],
        }),
  };
  const [count, rows] = await Promise.all([
    db.actor.count({ where }),
    db.actor.findMany({ where, take: FEW, select: { id: true, displayName: true, kind: true } }),
  ]);
  return {
    count,
    href: "/ownership",
    items: rows.map((a) => ({
      id: a.id,
      label: a.displayName,
      detail: a.kind === "NHI" ? "NHI" : "Agent",
      href: `/ownership/retire/${a.id}`,
    })),
  };
}
