import type { PoolClient } from "pg";
import { db, type Tx } from "@/lib/db";
import { pool } from "@/lib/db/pool";
import type { LedgerEvent } from "@/lib/ledger/append";
import { appendLedgerRaw } from "@/lib/ledger/append-raw";

// Group commit for decisions: requests queue their ledger entry; a writer takes everything
// pending and appends it in ONE transaction (one ledger lock, one insert), then resolves each
// request with whether its entry is durable. If the batch fails on its data, its entries are
// retried one by one; an entry that still cannot be written answers null and its caller denies
// (fail closed). A batch that failed on time (chain lock or statement timeout, see
// lib/db/pool.ts) is denied at once: retrying would only make everyone wait longer.
//
// One batch = one transaction on a raw pg connection, in this order:
//   1. BATCH_ROWS: the rows a decision carries besides its ledger entry (agent proposals today;
//      a decision roll-up is one more function in that list), inserted before the chain lock;
//   2. the ledger entries (lib/ledger/append-raw.ts): canonical JSON prepared, then the chain
//      lock is taken and only seq, prevHash and SHA-256 are computed under it; one INSERT.

export type Proposal = { id: string; agentId: string; onBehalfOfId: string | null; action: string; resource: string; context: Record<string, unknown> };
export type PendingWrite = { event: LedgerEvent; proposal?: Proposal };
type Item = PendingWrite & { done: (seq: bigint | null) => void };

export type BatchWriter = (tx: Tx, items: PendingWrite[]) => Promise<bigint[]>;
type Flush = (items: PendingWrite[]) => Promise<bigint[]>;
type BatchRows = (client: PoolClient, items: PendingWrite[]) => Promise<void>;

const MAX_BATCH = 1000;

const insertProposals: BatchRows = async (client, items) => {
  const proposals = items.flatMap((i) => (i.proposal ? [i.proposal] : []));
  if (!proposals.length) return;
  await client.query(
    `INSERT INTO "AgentProposal" (id, "agentId", "onBehalfOfId", action, resource, context)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[])`,
    [proposals.map((p) => p.id), proposals.map((p) => p.agentId), proposals.map((p) => p.onBehalfOfId), proposals.map((p) => p.action), proposals.map((p) => p.resource), proposals.map((p) => JSON.stringify(p.context))],
  );
};

/** Everything a batch writes besides its ledger entries, in one transaction with them. */
const BATCH_ROWS: BatchRows[] = [insertProposals];

/** The decision API's writer (a Prisma interactive transaction cost most of a decision's latency). */
const writeOnRawConnection: Flush = async (items) => {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    for (const rows of BATCH_ROWS) await rows(client, items);
    const seqs = await appendLedgerRaw(client, items.map((i) => i.event));
    await client.query("COMMIT");
    return seqs;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

// lock_not_available (lock_timeout), query_canceled (statement_timeout), admin shutdown,
// connection failures: the database is slow or gone, not this batch's data.
const TIMING_CODES = new Set(["55P03", "57014", "57P01", "57P03", "08000", "08003", "08006"]);
function failedOnTime(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") return TIMING_CODES.has(code);
  return /timeout|terminated|ECONNREFUSED|ECONNRESET/i.test((error as Error | null)?.message ?? "");
}

export class GroupCommit {
  private queue: Item[] = [];
  private running = false;
  private timer: NodeJS.Immediate | undefined;
  private readonly write: Flush;
  /** A custom writer runs in a Prisma transaction; the default writes on a raw connection. */
  constructor(writer?: BatchWriter) {
    this.write = writer ? (items) => db.$transaction((tx) => writer(tx, items), { timeout: 10_000, maxWait: 10_000 }) : writeOnRawConnection;
  }

  /** Resolves with the entry's ledger seq once committed, or null if the write failed. */
  append(entry: PendingWrite): Promise<bigint | null> {
    return new Promise((resolve) => {
      this.queue.push({ ...entry, done: resolve });
      // No linger: the first entry starts a commit at once; entries that arrive while it is in
      // flight form the next batch (classic group commit), so batches grow only under load.
      if (!this.running && !this.timer) this.timer = setImmediate(() => void this.flush());
    });
  }

  /**
   * Writes a batch; if it fails on its data, writes its entries one by one so that one bad entry
   * is denied alone instead of everyone who happened to share its batch. null = not recorded (deny).
   */
  private async writeIsolated(batch: PendingWrite[]): Promise<(bigint | null)[]> {
    try {
      return await this.write(batch);
    } catch (error) {
      console.error(`[triad] decision ledger write failed for ${batch.length} decisions`, error instanceof Error ? error.message : error);
      if (batch.length === 1 || failedOnTime(error)) return batch.map(() => null);
      const out: (bigint | null)[] = [];
      for (const item of batch) {
        try {
          out.push((await this.write([item]))[0]);
        } catch {
          out.push(null);
        }
      }
      return out;
    }
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        const seqs = await this.writeIsolated(batch);
        batch.forEach((item, i) => item.done(seqs[i]));
      }
    } finally {
      this.running = false;
    }
  }
}

let shared: GroupCommit | undefined;
export function decisionWriter(): GroupCommit {
  shared ??= new GroupCommit();
  return shared;
}
