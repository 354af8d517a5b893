import type { Tx } from "@/lib/db";
import type { GrantSource } from "@/lib/generated/prisma/enums";
import { scheduleJob } from "@/lib/jobs/schedule";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { grantExpiryJobKey } from "./end";

export type NewGrant = {
  actorId: string;
  entitlementId: string;
  source: GrantSource;
  /** Granted at (defaults to now); expiresAt is computed from the same instant by the caller. */
  grantedAt?: Date;
  expiresAt: Date;
  requestId: string;
  decisionSeq: bigint | null;
  by: LedgerActor;
  details?: Record<string, string | number | boolean | null>;
};

/**
 * Creates a time-bound grant in the caller's transaction together with its expiry timer
 * (one job per grant, keyed by the grant; the first to fire ends every due grant, see
 * expire.ts), its ledger entry and the change announcement.
 * The timer is only one of three guards: the decision path refuses it past expiresAt anyway,
 * and the reconciliation sweep ends it if the timer is lost.
 */
export async function createGrant(tx: Tx, input: NewGrant): Promise<{ id: string; seq: bigint }> {
  const grant = await tx.grant.create({
    data: {
      actorId: input.actorId,
      entitlementId: input.entitlementId,
      source: input.source,
      grantedAt: input.grantedAt ?? new Date(),
      expiresAt: input.expiresAt,
      requestId: input.requestId,
      decisionSeq: input.decisionSeq,
    },
    select: { id: true },
  });
  await scheduleJob(
    tx,
    "grants.expire",
    { grantId: grant.id },
    {
      runAt: input.expiresAt,
      jobKey: grantExpiryJobKey(grant.id),
      maxAttempts: 25,
    },
  );
  const [seq] = await appendLedger(tx, {
    actor: input.by,
    action: "grant.created",
    target: `grant:${grant.id}`,
    details: {
      actorId: input.actorId,
      entitlementId: input.entitlementId,
      source: input.source,
      expiresAt: input.expiresAt.toISOString(),
      requestId: input.requestId,
      ...input.details,
    },
  });
  return { id: grant.id, seq };
}
