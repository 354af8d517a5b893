import { db } from "@/lib/db";
import type { WorkCardData } from "./types";

const DAY = 86_400_000;
const FEW = 5;

/** Grants of the manager's direct reports that end within a week, soonest first. */
export async function reportsExpiringAccess(managerId: string | null, now: Date): Promise<WorkCardData> {
  const href = "/inventory/humans";
  if (!managerId) return { count: 0, items: [], href };
  const where = {
    status: "ACTIVE" as const,
    expiresAt: { gt: now, lte: new Date(now.getTime() + 7 * DAY) },
    actor: { human: { managerId } },
  };
  const [count, rows] = await Promise.all([
    db.grant.count({ where }),
    db.grant.findMany({
      where,
      orderBy: { expiresAt: "asc" },
      take: FEW,
      select: {
        id: true,
        expiresAt: true,
        actor: { select: { displayName: true } },
        entitlement: { select: { name: true, resource: { select: { name: true } } } },
      },
    }),
  ]);
  return {
    count,
    href,
    tone: count ? "warning" : "neutral",
    items: rows.map((g) => ({
      id: g.id,
      label: g.actor.displayName,
      detail: `${g.entitlement.resource.name} · ${g.entitlement.name}`,
      href: `/audit/access/${g.id}`,
      due: g.expiresAt,
    })),
  };
}

/** NHIs of leavers that succession handed to this person and that wait for them to accept. */
export async function leaversNhisToTakeOver(personId: string | null): Promise<WorkCardData> {
  const href = "/ownership/transfers";
  if (!personId) return { count: 0, items: [], href };
  const where = { pendingOwnerId: personId, claimStatus: "ORPHANED" as const };
  const [count, rows] = await Promise.all([
    db.nhiProfile.count({ where }),
    db.nhiProfile.findMany({
      where,
      take: FEW,
      select: {
        actorId: true,
        platform: true,
        actor: { select: { displayName: true, flaggedReason: true } },
      },
    }),
  ]);
  return {
    count,
    href,
    tone: count ? "warning" : "neutral",
    items: rows.map((n) => ({
      id: n.actorId,
      label: n.actor.displayName,
      detail: n.actor.flaggedReason ?? n.platform,
      href: `/actors/${n.actorId}`,
    })),
  };
}

/** Whom to greet: the linked person (given name from the IdP directory when it sent one), else the console user. */
export async function greetingPerson(user: {
  name: string;
  actorId: string | null;
}): Promise<{ displayName: string; givenName?: string | null }> {
  if (!user.actorId) return { displayName: user.name };
  const [actor, directory] = await Promise.all([
    db.actor.findUnique({ where: { id: user.actorId }, select: { displayName: true } }),
    db.scimUser.findUnique({ where: { actorId: user.actorId }, select: { givenName: true } }),
  ]);
  return { displayName: actor?.displayName ?? user.name, givenName: directory?.givenName };
}
