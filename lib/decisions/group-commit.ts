import { db, type Tx } from "@/lib/db";
import { pool } from "@/lib/db/pool";
import type { LedgerEvent } from "@/lib/ledger/append";
import { appendLedgerRaw } from "@/lib/ledger/append-raw";
import { projectDecisions, type DecisionDraft } from "./projection";

// Group commit for decisions: requests queue their ledger entry; a writer takes everything
// pending and appends it in ONE transaction (one ledger lock, one insert), then resolves each
// request with whether its entry is durable. If the batch fails, its entries are retried one by
// one; an entry that still cannot be written answers null and its caller denies (fail closed).

export type PendingWrite = { event: LedgerEvent; decision?: DecisionDraft; proposal?: { id: string; agentId: string; onBehalfOfId: string | null; action: string; resource: string; context: Record<string, unknown> } };
type Item = PendingWrite & { done: (seq: bigint | null) => void };

export type BatchWriter = (tx: Tx, items: PendingWrite[]) => Promise<bigint[]>;

const MAX_BATCH = 1000;

type Flush = (items: PendingWrite[]) => Promise<bigint[]>;

/**
 * The decision API's writer: the batch's agent proposals and ledger entries in one transaction
 * on a plain pg connection (a Prisma interactive transaction cost most of a decision's latency).
 */
const writeOnRawConnection: Flush = async (items) => {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const proposals = items.flatMap((i) => (i.proposal ? [i.proposal] : []));
    if (proposals.length) {
      await client.query(
        `INSERT INTO "AgentProposal" (id, "agentId", "onBehalfOfId", action, resource, context)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[])`,
        [proposals.map((p) => p.id), proposals.map((p) => p.agentId), proposals.map((p) => p.onBehalfOfId), proposals.map((p) => p.action), proposals.map((p) => p.resource), proposals.map((p) => JSON.stringify(p.context))],
      );
    }
    const seqs = await appendLedgerRaw(client, items.map((i) => i.event));
    // The explorer's records and hourly roll-up: same transaction, one INSERT + one upsert.
    await projectDecisions(client, items.map((i) => i.decision), seqs);
    await client.query("COMMIT");
    return seqs;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
};

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
   * Writes a batch; if it fails, writes its entries one by one so that one bad entry is denied
   * alone instead of everyone who happened to share its batch. null = not recorded (deny).
   */
  private async writeIsolated(batch: PendingWrite[]): Promise<(bigint | null)[]> {
    try {
      return await this.write(batch);
    } catch (error) {
      console.error(`[triad] decision ledger write failed for ${batch.length} decisions`, error instanceof Error ? error.message : error);
      if (batch.length === 1) return [null];
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
