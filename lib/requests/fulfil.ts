import type { Tx } from "@/lib/db";
import type { GrantSource } from "@/lib/generated/prisma/enums";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { createGrant } from "@/lib/grants/create";
import { grantExpiryJobKey } from "@/lib/grants/end";
import { cancelJob, scheduleJob } from "@/lib/jobs/schedule";

export const requestDeadlineJobKey = (requestId: string) => `request-deadline:${requestId}`;

/**
 * An approved request becomes a time-bound grant (its expiry job in the same transaction) and
 * the request is FULFILLED. The status is in the `where`: a request is fulfilled once. When the
 * subject already holds the entitlement for a shorter time, the request extends that grant:
 * its expiry moves and so does its one expiry job (same job key).
 */
export async function fulfilRequest(
  tx: Tx,
  r: {
    id: string;
    subjectId: string;
    entitlementId: string;
    durationMinutes: number;
    decisionSeq: bigint | null;
  },
  by: LedgerActor,
  source: GrantSource = "REQUEST",
): Promise<{ grantId: string; expiresAt: Date; extended: boolean }> {
  const now = new Date();
  const { count } = await tx.accessRequest.updateMany({
    where: { id: r.id, status: "PENDING" },
    data: { status: "FULFILLED", decidedAt: now },
  });
  if (count !== 1) throw new Error(`request ${r.id} was not pending when fulfilled`);
  await cancelJob(tx, requestDeadlineJobKey(r.id));
  const expiresAt = new Date(now.getTime() + r.durationMinutes * 60_000);
  // Break-glass (JIT) always gets a grant of its own, so its lapse job revokes exactly it and
  // never an earlier grant it would otherwise have extended.
  const held =
    source === "JIT"
      ? null
      : await tx.grant.findFirst({
          where: {
            actorId: r.subjectId,
            entitlementId: r.entitlementId,
            status: "ACTIVE",
            expiresAt: { gt: now, lt: expiresAt },
          },
          select: { id: true, expiresAt: true },
        });
  if (held) {
    await tx.grant.update({ where: { id: held.id }, data: { expiresAt } });
    await scheduleJob(
      tx,
      "grants.expire",
      { grantId: held.id },
      { runAt: expiresAt, jobKey: grantExpiryJobKey(held.id), maxAttempts: 25 },
    );
    await appendLedger(tx, {
      actor: by,
      action: "grant.extended",
      target: `grant:${held.id}`,
      details: { requestId: r.id, from: held.expiresAt!.toISOString(), to: expiresAt.toISOString() },
    });
    return { grantId: held.id, expiresAt, extended: true };
  }
  const grant = await createGrant(tx, {
    actorId: r.subjectId,
    entitlementId: r.entitlementId,
    source,
    grantedAt: now,
    expiresAt,
    requestId: r.id,
    decisionSeq: r.decisionSeq,
    by,
  });
  return { grantId: grant.id, expiresAt, extended: false };
}
