import type { Tx } from "@/lib/db";
import { appendLedger, type LedgerActor, type LedgerEvent } from "@/lib/ledger/append";
import { NotFound } from "@/lib/errors";
import { recomputeRisk } from "@/lib/risk/recompute";

export type LeaverResult = { humanId: string; flaggedNhis: string[]; flaggedAgents: string[] };

/**
 * Marks a human as leaving: status OFFBOARDING and a flag on the human, every NHI they own and
 * every agent they sponsor, with one ledger entry per flagged actor, in the caller's transaction.
 * Their console account (if any) is disabled and its sessions end. The ownership area acts on
 * the flag (succession). Idempotent: already-flagged actors keep
 * their first flag date and get no second entry.
 */
export async function flagLeaver(tx: Tx, humanActorId: string, reason: string, by: LedgerActor): Promise<LeaverResult> {
  const human = await tx.actor.findFirst({ where: { id: humanActorId, kind: "HUMAN" }, select: { id: true, displayName: true, status: true, flaggedAt: true } });
  if (!human) throw new NotFound("That person is not in the inventory.");
  const now = new Date();
  const events: LedgerEvent[] = [];
  if (human.status !== "OFFBOARDING" || !human.flaggedAt) {
    await tx.actor.update({
      where: { id: human.id },
      data: { status: human.status === "RETIRED" ? "RETIRED" : "OFFBOARDING", flaggedReason: reason, flaggedAt: human.flaggedAt ?? now },
    });
    events.push({ actor: by, action: "actor.leaver_flagged", target: `actor:${human.id}`, details: { reason, previousStatus: human.status } });
  }
  const nhis = await tx.nhiProfile.findMany({ where: { ownerId: human.id, actor: { flaggedAt: null } }, select: { actorId: true } });
  const agents = await tx.agentProfile.findMany({ where: { sponsorId: human.id, actor: { flaggedAt: null } }, select: { actorId: true } });
  const ids = [...nhis.map((n) => n.actorId), ...agents.map((a) => a.actorId)];
  if (ids.length) {
    const flagReason = `${human.displayName} is leaving: ${reason}`.slice(0, 500);
    await tx.actor.updateMany({ where: { id: { in: ids }, flaggedAt: null }, data: { flaggedReason: flagReason, flaggedAt: now } });
    for (const n of nhis) events.push({ actor: by, action: "nhi.flagged", target: `actor:${n.actorId}`, details: { reason: "owner_leaving", ownerId: human.id } });
    for (const a of agents) events.push({ actor: by, action: "agent.flagged", target: `actor:${a.actorId}`, details: { reason: "sponsor_leaving", sponsorId: human.id } });
  }
  // A leaver's console account stops at once: disabled, every session ended.
  const accounts = await tx.user.findMany({ where: { actorId: human.id, disabledAt: null }, select: { id: true } });
  if (accounts.length) {
    const userIds = accounts.map((u) => u.id);
    await tx.user.updateMany({ where: { id: { in: userIds } }, data: { disabledAt: now } });
    await tx.consoleSession.updateMany({ where: { userId: { in: userIds }, revokedAt: null }, data: { revokedAt: now } });
    for (const id of userIds) events.push({ actor: by, action: "user.disabled", target: `user:${id}`, details: { reason: "leaver", actorId: human.id } });
  }
  await recomputeRisk(tx, [human.id, ...ids]);
  await appendLedger(tx, events);
  return { humanId: human.id, flaggedNhis: nhis.map((n) => n.actorId), flaggedAgents: agents.map((a) => a.actorId) };
}
