import type { KeyObject } from "node:crypto";
import { hashStored, type ChainBreak } from "./hash";
import type { HashedRow } from "./copy-chain";
import type { StoredCheckpoint, StoredRow } from "./read-chain";
import { checkCheckpointSignature } from "./signature";

/**
 * Walks consecutive stored entries (in batches) and stops at the first broken link: a sequence
 * gap, a previous-hash mismatch, an entry that does not match its hash, or a signed checkpoint
 * whose signature, key or head hash does not hold. `end()` then catches checkpoints past the end.
 */
export class ChainCheck {
  checked = 0;
  checkpointsSeen = 0;
  broken: ChainBreak | null = null;
  private expectedSeq: number;
  private next = 0;

  constructor(
    from: bigint,
    private prevHash: string,
    private readonly checkpoints: StoredCheckpoint[],
    private readonly keys: Map<string, KeyObject>,
  ) {
    this.expectedSeq = Number(from);
  }

  private fail(seq: bigint | number, reason: string): false {
    this.broken = { seq: BigInt(seq), reason };
    return false;
  }

  /** The entry at a checkpoint's seq must carry the hash the checkpoint signed. */
  atCheckpoint(seq: bigint, hash: string): boolean {
    while (this.next < this.checkpoints.length && this.checkpoints[this.next].seq < seq) this.next++;
    const cp = this.checkpoints[this.next];
    if (!cp || cp.seq !== seq) return true;
    this.next++;
    this.checkpointsSeen++;
    const key = this.keys.get(cp.keyId);
    if (!key) return this.fail(seq, `checkpoint #${seq} is signed by an unknown key (${cp.keyId})`);
    if (!checkCheckpointSignature(key, cp, cp.signature))
      return this.fail(seq, `checkpoint #${seq} has an invalid signature`);
    if (cp.headHash !== hash)
      return this.fail(
        seq,
        `entry does not match the hash signed by checkpoint #${seq} on ${cp.at.toISOString()} (chain rewritten)`,
      );
    return true;
  }

  /** Stored rows (text form): each entry's hash is computed here. */
  batch(rows: StoredRow[]): boolean {
    for (let i = 0; i < rows.length; i++) {
      const [seq, at, actor, actorKind, actorName, action, target, details, prevHash, hash] = rows[i];
      const computed = hashStored(
        seq,
        at,
        actor,
        actorKind,
        actorName,
        action,
        target,
        JSON.parse(details),
        prevHash,
      );
      if (!this.link(Number(seq), prevHash, hash, computed)) return false;
    }
    return true;
  }

  /** Rows whose hashes were already computed (lib/ledger/copy-chain.ts). */
  hashed(rows: HashedRow[]): boolean {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (!this.link(r.seq, r.prevHash, r.hash, r.computed)) return false;
    }
    return true;
  }

  private link(n: number, prevHash: string, hash: string, computed: string): boolean {
    if (n !== this.expectedSeq) return this.fail(n, `sequence gap: expected ${this.expectedSeq}, found ${n}`);
    if (prevHash !== this.prevHash)
      return this.fail(n, "previous-hash link does not match the entry before it");
    if (computed !== hash) return this.fail(n, "entry content does not match its hash (altered)");
    if (
      this.next < this.checkpoints.length &&
      this.checkpoints[this.next].seq <= BigInt(n) &&
      !this.atCheckpoint(BigInt(n), hash)
    )
      return false;
    this.prevHash = hash;
    this.expectedSeq = n + 1;
    this.checked++;
    return true;
  }

  /** A checkpoint beyond the last entry read means entries it signed are gone. */
  end(head: bigint, to: bigint | undefined): void {
    const last = this.checkpoints.at(-1);
    const end = to !== undefined && to < head ? to : head;
    if (last && last.seq > end) {
      this.fail(
        last.seq,
        `checkpoint #${last.seq} signed on ${last.at.toISOString()} but the ledger ends at #${head}: entries were removed from the tail`,
      );
    } else if (to !== undefined && BigInt(this.expectedSeq) <= to && to <= head) {
      this.fail(this.expectedSeq, `sequence gap: entry #${this.expectedSeq} is missing`);
    }
  }
}
