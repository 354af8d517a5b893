import pg from "pg";
import { db } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { drainLedgerOutbox } from "@/lib/ledger/outbox";
import { postponeDueJobs } from "@/lib/jobs/schedule";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { endGrants } from "./end";

// Two of the three expiry mechanisms (the third, the gate, is in the decision path):
// the TIMER (job "grants.expire", one per grant, scheduled with the grant) and the
// reconciliation SWEEP (cron). Both end grants through endGrants(method EXPIRY), so each records
// a Revocation and a ledger entry; both re-read the rows and are safe to run twice.
//
// Expiry is bulk work: whichever runs first postpones the due timers and ends EVERY
// grant due by now, BATCH at a time, each batch one set-based endGrants in its own short
// transaction whose ledger entries go to the outbox (no chain lock held while the batch writes,
// so the decision path's group commit is never blocked behind it). endGrants cancels the ended
// grants' own timer jobs in the same transaction (a timer that came due during the run), so
// 100,000 grants expiring in one minute cost ~200 transactions, not 100,000 jobs.

const BATCH = 500;
const DUE_LIST = 20_000;
const TAKE_JOBS = 5000;
const POSTPONE_MINUTES = 10;
// Between batches the event loop and the database are left to decisions for a third as long as
// the batch took (at least 10 ms): expiry takes at most three quarters of the time, so the
// decision path keeps headroom on a small machine, and 100,000 grants end within a minute.
const pause = (batchMs: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.max(10, Math.round(batchMs / 3))));

async function endDue(mechanism: "timer" | "sweep", dueIds: string[]): Promise<number> {
  const ended = await db.$transaction(
    async (tx) => {
      const grants = await endGrants(tx, {
        dueIds,
        method: "EXPIRY",
        reason: "the grant reached its expiry time",
        by: SYSTEM_ACTOR,
        details: { mechanism },
        ledger: "outbox",
      });
      if (grants.length)
        await enqueueWebhook(tx, "grant.revoked", {
          method: "EXPIRY",
          mechanism,
          grants: grants
            .slice(0, 500)
            .map((g) => ({ id: g.id, actorId: g.actorId, entitlementId: g.entitlementId })),
          count: grants.length,
        });
      return grants.length;
    },
    { timeout: 60_000 },
  );
  // Committed: chain its entries now in short chain-lock turns (the "ledger.outbox" job retries a failure).
  if (ended)
    await drainLedgerOutbox().catch((error: unknown) =>
      console.error("[triad] ledger outbox drain failed; the job retries it:", (error as Error).message),
    );
  return ended;
}

// One expiry run at a time across every process. The others return at once instead of waiting
// (a worker slot blocked on the lock is a slot deadlines and webhooks do not get). The running
// one loops until nothing is due, releases the lock and then looks once more: a timer that
// found the lock taken before the release is covered by that last look. Deliberately not a
// graphile-worker queue:
// while a queue is busy, every idle worker's poll scans all of its waiting jobs (with 100,000
// due timers, about a quarter of the expiry's database CPU in bench:requests).
const EXPIRY_LOCK_KEY = 7_240_131;

async function endAllDue(mechanism: "timer" | "sweep"): Promise<number> {
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  await client.connect();
  try {
    let total = 0;
    let emptyPasses = 0;
    for (;;) {
      const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [
        EXPIRY_LOCK_KEY,
      ]);
      // Another run holds it: that run looks again after its release.
      if (!rows[0]?.locked) return total;
      let pass = 0;
      for (;;) {
        // Every due timer names a grant this run is about to end: postponed, or idle workers
        // fetch them one by one while it works (a fetch, a completion and a wasted run each).
        // The grants' ends cancel them; a timer whose grant this run misses fires later.
        // (Until none is left: a worker may lock one of a chunk between its SELECT and its update.)
        while (
          (await db.$transaction((tx) => postponeDueJobs(tx, "grants.expire", POSTPONE_MINUTES, TAKE_JOBS))) >
          0
        );
        // The due grants, listed once: ending them by id keeps each batch a few key probes, where
        // asking for "the next BATCH due" walks the index entries of every grant ended before it
        // (dead until vacuumed), quadratic over a mass expiry.
        const { rows: due } = await client.query<{ id: string }>(
          `SELECT id::text AS id FROM "Grant" WHERE status = 'ACTIVE' AND "expiresAt" <= now() ORDER BY "expiresAt" LIMIT ${DUE_LIST}`,
        );
        let ended = 0;
        for (let i = 0; i < due.length; i += BATCH) {
          const started = performance.now();
          ended += await endDue(
            mechanism,
            due.slice(i, i + BATCH).map((r) => r.id),
          );
          await pause(performance.now() - started);
        }
        pass += ended;
        // A full list may have more behind it; grants skipped as locked are not retried here.
        if (due.length < DUE_LIST || ended === 0) break;
      }
      total += pass;
      await client.query("SELECT pg_advisory_unlock($1)", [EXPIRY_LOCK_KEY]);
      // After the release: a timer that found the lock taken fired before this look, so its
      // grant (due by then) is seen here and this run goes round again. Grants another
      // transaction holds locked are skipped; after one empty pass they are left to the sweep.
      if (pass === 0 && ++emptyPasses > 1) return total;
      const due = await client.query(
        `SELECT 1 FROM "Grant" WHERE status = 'ACTIVE' AND "expiresAt" <= now() LIMIT 1`,
      );
      if (due.rowCount === 0) return total;
    }
  } finally {
    // Ending the session releases the lock even if the unlock fails.
    await client.end().catch(() => undefined);
  }
}

/**
 * The timer of one grant (payload { grantId }). It ends every grant due by now, its own among
 * them; the timers of the others are cancelled as their grants end, and a timer already
 * running finds nothing left.
 */
export async function expireGrantJob(): Promise<number> {
  return runHere("timer");
}

// One run per process as well: a timer that fires while this process runs an expiry returns at
// once (no connection, no lock attempt) and has the running one go round once more, which
// covers its grant exactly as the looks after the lock's release do across processes.
let running: Promise<number> | null = null;
let again = false;
function runHere(mechanism: "timer" | "sweep"): Promise<number> {
  if (running) {
    again = true;
    return Promise.resolve(0);
  }
  running = (async () => {
    let total = 0;
    try {
      do {
        again = false;
        total += await endAllDue(mechanism);
      } while (again);
    } finally {
      running = null;
    }
    return total;
  })();
  return running;
}

/** The reconciliation sweep: ends every ACTIVE grant past its expiry and records that it ran. */
export async function sweepExpiredGrants(): Promise<number> {
  const total = await runHere("sweep");
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
