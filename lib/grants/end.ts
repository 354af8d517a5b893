import type { Tx } from "@/lib/db";
import type { RevocationMethod } from "@/lib/generated/prisma/enums";
import { announceChange } from "@/lib/changes/channel";
import { cancelJobs } from "@/lib/jobs/schedule";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";

/** The one pending expiry job of a time-bound grant (moved when the grant is extended). */
export const grantExpiryJobKey = (grantId: string) => `grant-expiry:${grantId}`;

/** Expiry jobs share one queue: one expiry transaction at a time, so decisions (which share the ledger lock) never wait behind several. */
export const GRANT_EXPIRY_QUEUE = "grants.expire";

export type EndGrantsInput = {
  grantIds: string[];
  /** EXPIRY ends a grant as EXPIRED; every other method as REVOKED. */
  method: RevocationMethod;
  reason: string;
  by: LedgerActor;
  /** The human actor who asked for it, when there is one (Revocation.requestedById). */
  requestedById?: string | null;
  evidence?: string | null;
  /** Extra ledger details, e.g. the campaign or request that caused it. */
  details?: Record<string, string | number | boolean | null>;
};

/**
 * Ends grants in the caller's transaction: each still-ACTIVE grant becomes EXPIRED or REVOKED,
 * gets a Revocation record (how, by whom, why, when) and a ledger entry; its expiry job is
 * cancelled and every process drops it from its caches. The status check is in the `where`,
 * so two callers ending the same grant at once record one revocation. Returns the grants this
 * call ended.
 */
export async function endGrants(
  tx: Tx,
  input: EndGrantsInput,
): Promise<Array<{ id: string; actorId: string; entitlementId: string }>> {
  if (input.grantIds.length === 0) return [];
  const now = new Date();
  const status = input.method === "EXPIRY" ? "EXPIRED" : "REVOKED";
  const ended = await tx.$queryRaw<Array<{ id: string; actorId: string; entitlementId: string }>>`
    UPDATE "Grant" SET status = ${status}::"GrantStatus"
    WHERE id = ANY(${input.grantIds}::uuid[]) AND status = 'ACTIVE'
    RETURNING id::text, "actorId"::text AS "actorId", "entitlementId"::text AS "entitlementId"`;
  if (ended.length === 0) return [];
  await tx.revocation.createMany({
    data: ended.map((g) => ({
      actorId: g.actorId,
      grantId: g.id,
      method: input.method,
      reason: input.reason,
      evidence: input.evidence ?? null,
      requestedById: input.requestedById ?? null,
      requestedAt: now,
      completedAt: now,
    })),
  });
  await cancelJobs(
    tx,
    ended.map((g) => grantExpiryJobKey(g.id)),
  );
  await appendLedger(
    tx,
    ended.map((g) => ({
      actor: input.by,
      action: status === "EXPIRED" ? "grant.expired" : "grant.revoked",
      target: `grant:${g.id}`,
      details: {
        actorId: g.actorId,
        entitlementId: g.entitlementId,
        method: input.method,
        reason: input.reason,
        ...input.details,
      },
    })),
  );
  await announceChange(tx, "grant");
  return ended;
}
