import type { Tx } from "@/lib/db";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { recordLedger, type LedgerMode } from "@/lib/ledger/outbox";
import { NotFound } from "@/lib/errors";
import { recomputeRisk } from "@/lib/risk/recompute";
import { endGrants } from "@/lib/grants/end";
import { disableAccounts } from "@/lib/users/guard";

export type LeaverResult = {
  humanId: string;
  flaggedNhis: string[];
  flaggedAgents: string[];
  revokedGrants: number;
  disabledAccounts: string[];
  keptLastAdmin: string[];
};

/**
 * Marks a human as leaving: status OFFBOARDING and a flag on the human, every NHI they own and
 * every agent they sponsor, with one ledger entry per flagged actor, in the caller's transaction.
 * Their ACTIVE grants are revoked (method OFFBOARDING) and their console account (if any) is
 * disabled with its sessions, except the last active admin account, which is kept and recorded
 * (user.disable_refused). This is the one offboarding step of every path: SCIM deactivate and
 * delete, manual offboarding (both via offboardPerson) and a CSV import that marks a person
 * OFFBOARDING or RETIRED. The ownership area acts on the flag (succession). Idempotent: already-flagged actors keep
 * their first flag date and get no second entry. `ledger` "outbox" is for bulk paths (the import):
 * entries queued, the chain lock never taken inside their long transaction.
 */
export async function flagLeaver(
  tx: Tx,
  humanActorId: string,
  reason: string,
  by: LedgerActor,
  ledger: LedgerMode = "chain",
): Promise<LeaverResult> {
  const human = await tx.actor.findFirst({
    where: { id: humanActorId, kind: "HUMAN" },
    select: { id: true, displayName: true, status: true, flaggedAt: true },
  });
  if (!human) throw new NotFound("That person is not in the inventory.");
  const now = new Date();
  const events: LedgerEvent[] = [];
  if (human.status !== "OFFBOARDING" || !human.flaggedAt) {
    await tx.actor.update({
      where: { id: human.id },
      data: {
        status: human.status === "RETIRED" ? "RETIRED" : "OFFBOARDING",
        flaggedReason: reason,
        flaggedAt: human.flaggedAt ?? now,
      },
    });
    events.push({
      actor: by,
      action: "actor.leaver_flagged",
      target: `actor:${human.id}`,
      details: { reason, previousStatus: human.status },
    });
  }
  const nhis = await tx.nhiProfile.findMany({
    where: { ownerId: human.id, actor: { flaggedAt: null } },
    select: { actorId: true },
  });
  const agents = await tx.agentProfile.findMany({
    where: { sponsorId: human.id, actor: { flaggedAt: null } },
    select: { actorId: true },
  });
  const ids = [...nhis.map((n) => n.actorId), ...agents.map((a) => a.actorId)];
  if (ids.length) {
    const flagReason = `${human.displayName} is leaving: ${reason}`.slice(0, 500);
    await tx.actor.updateMany({
      where: { id: { in: ids }, flaggedAt: null },
      data: { flaggedReason: flagReason, flaggedAt: now },
    });
    for (const n of nhis)
      events.push({
        actor: by,
        action: "nhi.flagged",
        target: `actor:${n.actorId}`,
        details: { reason: "owner_leaving", ownerId: human.id },
      });
    for (const a of agents)
      events.push({
        actor: by,
        action: "agent.flagged",
        target: `actor:${a.actorId}`,
        details: { reason: "sponsor_leaving", sponsorId: human.id },
      });
  }
  // A leaver's access ends at once: every ACTIVE grant is revoked (method OFFBOARDING) and the
  // console account is disabled with its sessions, under the last-admin guard.
  const grants = await tx.grant.findMany({
    where: { actorId: human.id, status: "ACTIVE" },
    select: { id: true },
  });
  const revoked = await endGrants(tx, {
    grantIds: grants.map((g) => g.id),
    method: "OFFBOARDING",
    reason: `Leaver: ${reason}`.slice(0, 500),
    by,
    ledger,
  });
  const accounts = await tx.user.findMany({
    where: { actorId: human.id, disabledAt: null },
    select: { id: true },
  });
  const outcome = await disableAccounts(
    tx,
    accounts.map((u) => u.id),
    by,
    { reason: "leaver", actorId: human.id },
    ledger,
  );
  if (outcome.keptLastAdmin.length) {
    // Choice: offboarding goes on (grants, flags, succession), but the console keeps its last
    // admin so an identity provider cannot lock every operator out; the refusal is in the ledger.
    console.warn(
      `[triad] ${human.displayName} is leaving but holds the last active admin account; it stays enabled until another admin exists (ledger: user.disable_refused).`,
    );
  }
  await recomputeRisk(tx, [human.id, ...ids]);
  await recordLedger(tx, events, ledger);
  return {
    humanId: human.id,
    flaggedNhis: nhis.map((n) => n.actorId),
    flaggedAgents: agents.map((a) => a.actorId),
    revokedGrants: revoked.length,
    disabledAccounts: outcome.disabled,
    keptLastAdmin: outcome.keptLastAdmin,
  };
}
