import pg from "pg";
import type { Tx } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";
import { appendLedger, cleanJson, LOCK_SQL, prepareEvents, type LedgerEvent } from "./append";
import { appendBatch } from "./append-raw";

// Bulk changes (a 100,000-row import) must not hold the ledger's chain lock for their whole
// transaction: every decision waits on that lock. So a bulk change queues its entries in
// "LedgerOutbox" inside its own transaction (durable and all-or-nothing with the change, no
// chain lock), and after it commits the entries are chained in short transactions of DRAIN_CHUNK
// entries, each holding the chain lock for a few milliseconds, so decisions interleave.
// Per-request writers (SCIM provisioning) queue one entry with their change and call
// requestDrain(): one drainer per process chains whatever is queued, a few times a second, on its
// own long-lived connection. The "ledger.outbox" job drains whatever a crashed process left behind.

// Small: a decision batch may wait on the chain lock for one chunk's INSERT and COMMIT.
const DRAIN_CHUNK = 50;
// Drainers take turns (queue order must survive two processes draining at once), but this lock
// is not the chain lock: decisions never wait on it.
const DRAIN_LOCK_KEY = 7_240_115;

/** An event as the jsonb text of an outbox row, for writers that queue it in their own SQL statement. */
export function outboxEvent(event: LedgerEvent): string {
  // Cleaned now: jsonb cannot hold NUL.
  return JSON.stringify(cleanJson(event));
}

/** The INSERT of one outbox row whose event is the jsonb parameter `param` (a CTE in a writer's statement). */
export const OUTBOX_INSERT = (param: string, from = "") =>
  `INSERT INTO "LedgerOutbox"(event) SELECT ${param}::jsonb${from ? ` FROM ${from}` : ""}`;

/** Queues events in the caller's transaction; they are chained by drainLedgerOutbox(), in queue order. */
export async function queueLedger(tx: Tx, events: LedgerEvent | LedgerEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  for (let i = 0; i < list.length; i += 5000) {
    const json = list.slice(i, i + 5000).map(outboxEvent);
    await tx.$executeRawUnsafe(`INSERT INTO "LedgerOutbox"(event) SELECT unnest($1::jsonb[])`, json);
  }
}

/** How a change records its ledger entries: under the chain lock now, or queued for the outbox (bulk work). */
export type LedgerMode = "chain" | "outbox";

/** appendLedger or queueLedger, as the caller's transaction needs (bulk work must not hold the chain lock). */
export async function recordLedger(
  tx: Tx,
  events: LedgerEvent | LedgerEvent[],
  mode: LedgerMode = "chain",
): Promise<void> {
  if (mode === "outbox") await queueLedger(tx, events);
  else await appendLedger(tx, events);
}

async function drainChunk(client: pg.Client): Promise<number> {
  await client.query("BEGIN");
  try {
    // Read and prepare the rows (canonical JSON, the costly part) before taking the chain lock.
    await client.query(LOCK_SQL, [DRAIN_LOCK_KEY]);
    const { rows } = await client.query<{ id: string; event: LedgerEvent }>(
      `SELECT o.id::text AS id, o.event FROM "LedgerOutbox" o ORDER BY o.id LIMIT ${DRAIN_CHUNK}`,
    );
    if (rows.length === 0) {
      await client.query("COMMIT");
      return 0;
    }
    const prepared = prepareEvents(rows.map((r) => r.event));
    await client.query(`DELETE FROM "LedgerOutbox" WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
    // Only now the chain lock, for one statement (link and insert, in the database) and COMMIT.
    await appendBatch(client, prepared);
    await client.query("COMMIT");
    return rows.length;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}

async function drainAll(client: pg.Client): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await drainChunk(client);
    total += n;
    if (n < DRAIN_CHUNK) return total;
  }
}

/** Chains every queued entry; returns how many. Safe to run in several processes at once (they take turns). */
export async function drainLedgerOutbox(): Promise<number> {
  // Its own connection: bulk work stays off the decision API's pool and its short timeouts.
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  await client.connect();
  try {
    return await drainAll(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

// The process's drainer for per-request writers: requests arriving while it drains are picked up
// by its next round, so under load it runs back to back in chunks, and idle it costs nothing.
// Its connection stays open while it is busy (a new backend per drain would cost more than the
// drain) and closes after IDLE_CLOSE_MS without work.
const DRAIN_DELAY_MS = 20;
const IDLE_CLOSE_MS = 5_000;
type Drainer = {
  running: Promise<void> | null;
  again: boolean;
  client: pg.Client | null;
  idle?: NodeJS.Timeout;
};
const globalForDrainer = globalThis as unknown as { triadDrainer?: Drainer };
const drainer = (globalForDrainer.triadDrainer ??= { running: null, again: false, client: null });

async function drainerClient(): Promise<pg.Client> {
  if (drainer.idle) clearTimeout(drainer.idle);
  if (!drainer.client) {
    const client = new pg.Client({ connectionString: requireDatabaseUrl() });
    client.on("error", () => {
      if (drainer.client === client) drainer.client = null;
    });
    drainer.client = client;
    try {
      await client.connect();
    } catch (error) {
      drainer.client = null;
      throw error;
    }
  }
  return drainer.client;
}

function closeWhenIdle(): void {
  drainer.idle = setTimeout(() => {
    const client = drainer.client;
    drainer.client = null;
    void client?.end().catch(() => undefined);
  }, IDLE_CLOSE_MS);
  drainer.idle.unref();
}

async function drainRounds(): Promise<void> {
  await new Promise((r) => setTimeout(r, DRAIN_DELAY_MS));
  for (;;) {
    drainer.again = false;
    try {
      await drainAll(await drainerClient());
    } catch (error) {
      // The entries stay queued (durable with their change); the "ledger.outbox" job retries.
      console.error("[triad] ledger outbox drain failed; the job retries it:", (error as Error).message);
      const client = drainer.client;
      drainer.client = null;
      await client?.end().catch(() => undefined);
      drainer.running = null;
      return;
    }
    if (!drainer.again) {
      drainer.running = null;
      closeWhenIdle();
      return;
    }
  }
}

/** Asks this process's drainer to chain what is queued, soon (after the caller's commit). */
export function requestDrain(): void {
  if (drainer.running) {
    drainer.again = true;
    return;
  }
  drainer.running = drainRounds();
}

/** Resolves once every drain requested so far has run (tests, benchmarks, shutdown). */
export async function drainRequested(): Promise<void> {
  while (drainer.running) await drainer.running;
}
