import { db } from "@/lib/db";
import { listPendingSuccession } from "@/lib/ownership/queries";
import type { WorkCardData } from "./types";

const DAY = 86_400_000;
const FEW = 5;
const SUCCESSION_PAGE = 200;

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

/**
 * What succession handed to this person (NHIs of leavers, agents whose sponsor left) and waits
 * for them to accept: the hand-over page's own query, one card per kind.
 */
export async function successionWaiting(
  personId: string | null,
  kind: "NHI" | "AGENT",
): Promise<WorkCardData> {
  const href = "/ownership/transfers";
  if (!personId) return { count: 0, items: [], href };
  const rows = (await listPendingSuccession(personId)).filter((r) => r.kind === kind);
  return {
    count: rows.length,
    // The hand-over page lists at most its first 200 of each kind.
    capped: rows.length >= SUCCESSION_PAGE,
    href,
    tone: rows.length ? "warning" : "neutral",
    items: rows.slice(0, FEW).map((r) => ({
      id: r.id,
      label: r.name,
      detail: r.why ?? r.detail,
      href: `/actors/${r.id}`,
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
