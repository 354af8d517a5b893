import { db, type Tx } from "@/lib/db";
import { appendLedger, type LedgerEvent } from "@/lib/ledger/append";

// Group commit for decisions: requests queue their ledger entry; a writer takes everything
// pending every few ms and appends it in ONE transaction (one ledger lock, one insert), then
// resolves each request with whether its entry is durable. A failed write answers false for
// every request in the batch, and the caller denies (fail closed).

export type PendingWrite = { event: LedgerEvent; proposal?: { id: string; agentId: string; onBehalfOfId: string | null; action: string; resource: string; context: Record<string, unknown> } };
type Item = PendingWrite & { done: (seq: bigint | null) => void };

export type BatchWriter = (tx: Tx, items: PendingWrite[]) => Promise<bigint[]>;

const MAX_BATCH = 1000;
const LINGER_MS = 2;

export const defaultBatchWriter: BatchWriter = async (tx, items) => {
  const proposals = items.flatMap((i) => (i.proposal ? [i.proposal] : []));
  if (proposals.length) {
    await tx.agentProposal.createMany({ data: proposals.map((p) => ({ ...p, context: p.context as object })) });
  }
  return appendLedger(tx, items.map((i) => i.event));
};

export class GroupCommit {
  private queue: Item[] = [];
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  constructor(private write: BatchWriter = defaultBatchWriter) {}

  /** Resolves with the entry's ledger seq once committed, or null if the write failed. */
  append(entry: PendingWrite): Promise<bigint | null> {
    return new Promise((resolve) => {
      this.queue.push({ ...entry, done: resolve });
      if (!this.running && !this.timer) this.timer = setTimeout(() => this.flush(), LINGER_MS);
    });
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        let seqs: bigint[] | null = null;
        try {
          seqs = await db.$transaction((tx) => this.write(tx, batch), { timeout: 10_000, maxWait: 10_000 });
        } catch (error) {
          console.error(`[triad] decision ledger write failed for ${batch.length} decisions; answering deny`, error instanceof Error ? error.message : error);
        }
        batch.forEach((item, i) => item.done(seqs?.[i] ?? null));
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
