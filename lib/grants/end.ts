import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import type { RevocationMethod } from "@/lib/generated/prisma/enums";
import { cancelJobs } from "@/lib/jobs/schedule";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { recordLedger, type LedgerMode } from "@/lib/ledger/outbox";

/** The one pending expiry job of a time-bound grant (moved when the grant is extended). */
export const grantExpiryJobKey = (grantId: string) => `grant-expiry:${grantId}`;

/**
 * Which grants to end: these ids, or (bulk expiry) those of these ids that are still ACTIVE and
 * expired by the database's clock, skipping any that another transaction holds.
 */
export type GrantSelection = { grantIds: string[] } | { dueIds: string[] };

export type EndGrantsInput = GrantSelection & {
  /** EXPIRY ends a grant as EXPIRED; every other method as REVOKED. */
  method: RevocationMethod;
  reason: string;
  by: LedgerActor;
  /** The human actor who asked for it, when there is one (Revocation.requestedById). */
  requestedById?: string | null;
  evidence?: string | null;
  /** Extra ledger details, e.g. the campaign or request that caused it. */
  details?: Record<string, string | number | boolean | null>;
  /**
   * "chain" (default) appends the entries under the chain lock in this transaction; "outbox"
   * queues them (lib/ledger/outbox.ts) for bulk work, so decisions never wait on this
   * transaction. The caller then drains the outbox after its commit.
   */
  ledger?: LedgerMode;
};

export type EndedGrant = { id: string; actorId: string; entitlementId: string };

function pick(input: GrantSelection): Prisma.Sql {
  if ("grantIds" in input)
    return Prisma.sql`SELECT id FROM "Grant" WHERE id = ANY(${input.grantIds}::uuid[]) AND status = 'ACTIVE' FOR NO KEY UPDATE`;
  // SKIP LOCKED: a grant someone is revoking right now is theirs to end.
  return Prisma.sql`SELECT id FROM "Grant" WHERE id = ANY(${input.dueIds}::uuid[]) AND status = 'ACTIVE'
    AND "expiresAt" <= now() FOR NO KEY UPDATE SKIP LOCKED`;
}

/**
 * Ends grants in the caller's transaction: each still-ACTIVE grant becomes EXPIRED or REVOKED,
 * gets a Revocation record (how, by whom, why, when) and a ledger entry; its expiry job is
 * cancelled and every process drops it from its caches. Set-based: one statement updates the
 * grants and inserts their revocations, however many there are. The status check is in the
 * `where`, so two callers ending the same grant at once record one revocation. Returns the
 * grants this call ended.
 */
export async function endGrants(tx: Tx, input: EndGrantsInput): Promise<EndedGrant[]> {
  if (("grantIds" in input ? input.grantIds : input.dueIds).length === 0) return [];
  const now = new Date();
  const status = input.method === "EXPIRY" ? "EXPIRED" : "REVOKED";
  const ended = await tx.$queryRaw<EndedGrant[]>`
    WITH picked AS (${pick(input)}),
    ended AS (
      UPDATE "Grant" g SET status = ${status}::"GrantStatus" FROM picked
      WHERE g.id = picked.id AND g.status = 'ACTIVE'
      RETURNING g.id, g."actorId", g."entitlementId"),
    revoked AS (
      INSERT INTO "Revocation" (id, "actorId", "grantId", method, reason, evidence, "requestedById", "requestedAt", "completedAt")
      SELECT gen_random_uuid(), e."actorId", e.id, ${input.method}::"RevocationMethod", ${input.reason},
        ${input.evidence ?? null}, ${input.requestedById ?? null}::uuid, ${now}, ${now}
      FROM ended e)
    SELECT id::text, "actorId"::text AS "actorId", "entitlementId"::text AS "entitlementId" FROM ended`;
  if (ended.length === 0) return [];
  await cancelJobs(
    tx,
    ended.map((g) => grantExpiryJobKey(g.id)),
  );
  const events: LedgerEvent[] = ended.map((g) => ({
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
  }));
  await recordLedger(tx, events, input.ledger);
  return ended;
}
