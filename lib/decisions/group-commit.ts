import { db, type Tx } from "@/lib/db";
import { pool } from "@/lib/db/pool";
import { prepareEvents, type LedgerEvent } from "@/lib/ledger/append";
import { appendBatch, type SideInsert } from "@/lib/ledger/append-raw";
import type { ProposalDraft } from "@/lib/enforcement/decide";
import { proposalSides } from "@/lib/proposals/raw";
import { entitiesCommitted, forgetCommittedEntities } from "./entities";
import { decisionSides, type DecisionDraft } from "./projection";

// Group commit for decisions: requests queue their ledger entry; a writer takes everything
// pending and appends it as ONE statement (one chain lock, one insert), then resolves each
// request with whether its entry is durable. If the batch fails on its data, its entries are
// retried one by one; an entry that still cannot be written answers null and its caller denies
// (fail closed). A batch that failed on time (chain lock or statement timeout, see
// lib/db/pool.ts) is denied at once: retrying would only make everyone wait longer.
//
// Shape of one batch (lib/ledger/append-raw.ts):
//   1. prepare: canonical JSON of every entry, in this process, no lock held;
//   2. one statement: `WITH appended AS (SELECT triad_ledger_link(…)), proposals AS (INSERT …), …`:
//      the database numbers, hashes and inserts the entries under the chain lock. BATCH_ROWS
//      lists the side inserts: the rows a decision carries besides its ledger entry (agent
//      proposals today; the decision records and their roll-up).
// One batch at a time; entries that arrive meanwhile form the next batch, so batches grow under
// load instead of queueing on the chain lock (measured on 2 cores, bench:decisions 2026-11-30,
// with the links made in the database: two batches in flight gave 4,100–4,400 decisions/s and
// p99 12–13 ms at 1,000 req/s, one 4,500–5,300/s and p99 14 ms, and more database CPU per
// decision).

export type PendingWrite = { event: LedgerEvent; decision?: DecisionDraft; proposal?: ProposalDraft };
type Item = PendingWrite & { done: (seq: bigint | null) => void };

export type BatchWriter = (tx: Tx, items: PendingWrite[]) => Promise<bigint[]>;
/** `entities`: the entity snapshots the batch sends (hash → text), filled as its statement is built. */
type BatchRows = (items: PendingWrite[], entities: Map<string, string>) => SideInsert;

const MAX_BATCH = 1000;

/** Everything a batch writes besides its ledger entries, in the same statement as them. */
const BATCH_ROWS: BatchRows[] = [
  (items) => proposalSides(items.flatMap((i) => (i.proposal ? [i.proposal] : []))),
  // The explorer's decision records and hourly roll-up (lib/decisions/projection.ts).
  (items, entities) =>
    decisionSides(
      items.map((i) => i.decision),
      entities,
    ),
];

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
  private busy = false;
  private timer: NodeJS.Immediate | undefined;
  private readonly custom: BatchWriter | undefined;

  /** A custom writer (tests) runs in a Prisma transaction. */
  constructor(writer?: BatchWriter) {
    this.custom = writer;
  }

  /** Resolves with the entry's ledger seq once committed, or null if the write failed. */
  append(entry: PendingWrite): Promise<bigint | null> {
    return new Promise((resolve) => {
      this.queue.push({ ...entry, done: resolve });
      // No linger: the first entry starts a commit at once; entries that arrive while a batch is
      // in flight form the next batch (classic group commit), so batches grow only under load.
      if (!this.timer && !this.busy) this.timer = setImmediate(() => this.flush());
    });
  }

  private async write(items: PendingWrite[]): Promise<bigint[]> {
    if (this.custom) {
      const writer = this.custom;
      return db.$transaction((tx) => writer(tx, items), { timeout: 10_000, maxWait: 10_000 });
    }
    const entities = new Map<string, string>();
    const seqs = await appendBatch(
      pool(),
      prepareEvents(items.map((i) => i.event)),
      BATCH_ROWS.map((rows) => rows(items, entities)),
    );
    // Their rows exist now: later batches name these entities without sending them again.
    entitiesCommitted(entities.keys());
    return seqs;
  }

  /**
   * Writes a batch; if it fails on its data, writes its entries one by one so that one bad entry
   * is denied alone instead of everyone who happened to share its batch. null = not recorded (deny).
   */
  private async writeIsolated(batch: PendingWrite[]): Promise<(bigint | null)[]> {
    try {
      return await this.write(batch);
    } catch (error) {
      forgetCommittedEntities();
      console.error(
        `[triad] decision ledger write failed for ${batch.length} decisions`,
        error instanceof Error ? error.message : error,
      );
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

  private flush(): void {
    this.timer = undefined;
    if (this.busy || !this.queue.length) return;
    const batch = this.queue.splice(0, MAX_BATCH);
    this.busy = true;
    void this.writeIsolated(batch)
      .then((seqs) => batch.forEach((item, i) => item.done(seqs[i])))
      .finally(() => {
        this.busy = false;
        if (this.queue.length && !this.timer) this.timer = setImmediate(() => this.flush());
      });
  }
}

let shared: GroupCommit | undefined;
export function decisionWriter(): GroupCommit {
  shared ??= new GroupCommit();
  return shared;
}
