import { db, type Tx } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { endGrants } from "./end";

// Two of the three expiry mechanisms (the third, the gate, is in the decision path):
// the TIMER (job "grants.expire", one per grant) and the reconciliation SWEEP (cron).
// Both end grants through endGrants(method EXPIRY), so each records a Revocation and a
// ledger entry; both re-read the rows and are safe to run twice.

// Small enough that each transaction holds the ledger lock briefly, so decisions interleave.
const BATCH = 500;
// Between batches the event loop and the ledger lock are left to decisions for a moment.
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 25));

/** Locks up to `limit` ACTIVE grants past their expiry (skipping rows another worker holds). */
async function dueGrantIds(tx: Tx, limit: number, first?: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id::text FROM "Grant"
    WHERE status = 'ACTIVE' AND "expiresAt" <= now()
    ORDER BY (id = ${first ?? null}::uuid) DESC NULLS LAST, "expiresAt"
    LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((r) => r.id);
}

async function endDue(mechanism: "timer" | "sweep", first?: string): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const ids = await dueGrantIds(tx, BATCH, first);
      if (ids.length === 0) return 0;
      const ended = await endGrants(tx, {
        grantIds: ids,
        method: "EXPIRY",
        reason: "the grant reached its expiry time",
        by: SYSTEM_ACTOR,
        details: { mechanism },
      });
      if (ended.length)
        await enqueueWebhook(tx, "grant.revoked", {
          method: "EXPIRY",
          mechanism,
          grants: ended
            .slice(0, 500)
            .map((g) => ({ id: g.id, actorId: g.actorId, entitlementId: g.entitlementId })),
          count: ended.length,
        });
      return ended.length;
    },
    { timeout: 60_000 },
  );
}

/**
 * The timer of one grant. When many grants expire in the same minute, the first job to fire
 * ends a batch of them (its own first) and endGrants cancels the others' jobs, so 100,000
 * expiries cost about two hundred transactions rather than 100,000.
 */
export async function expireGrantJob(payload: unknown): Promise<number> {
  const grantId =
    typeof payload === "object" && payload && typeof (payload as { grantId?: unknown }).grantId === "string"
      ? (payload as { grantId: string }).grantId
      : undefined;
  if (!grantId || !/^[0-9a-f-]{36}$/i.test(grantId)) return 0;
  let total = 0;
  for (
    let n = await endDue("timer", grantId);
    n > 0;
    n = n === BATCH ? await pause().then(() => endDue("timer")) : 0
  )
    total += n;
  return total;
}

/** The reconciliation sweep: ends every ACTIVE grant past its expiry and records that it ran. */
export async function sweepExpiredGrants(): Promise<number> {
  let total = 0;
  for (let n = await endDue("sweep"); n > 0; n = n === BATCH ? await pause().then(() => endDue("sweep")) : 0)
    total += n;
  if (total > 0) {
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: SYSTEM_ACTOR,
        action: "grant.sweep_completed",
        target: null,
        details: { ended: total },
      }),
    );
  }
  return total;
}
