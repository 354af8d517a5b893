import type { KeyObject } from "node:crypto";
import { GENESIS_HASH, hashStored, type ChainBreak } from "./hash";
import { checkpointsBetween, entryHash, headSeq, readChain, withChainReader, type StoredCheckpoint, type StoredRow } from "./read-chain";
import { checkCheckpointSignature } from "./signature";
import { trustedPublicKeys } from "./signing-keys";

export type VerifyResult = {
  ok: boolean;
  checked: number;
  from: bigint;
  to: bigint | null;
  firstBreak: ChainBreak | null;
  /** Signed checkpoints in the range whose signature and head hash were checked. */
  checkpoints: number;
  lastCheckpoint: { seq: bigint; at: Date } | null;
  millis: number;
};

/**
 * Recomputes the chain between two sequence numbers (inclusive) and reports the first broken
 * link. Signed checkpoints catch what the chain alone cannot: a chain rewritten with recomputed
 * hashes no longer matches the head hash a checkpoint signed, and a cut-off tail leaves a
 * checkpoint pointing past the end of the ledger.
 */
export async function verifyLedger(from: bigint = 1n, to?: bigint): Promise<VerifyResult> {
  const started = performance.now();
  const keys = await trustedPublicKeys();
  const result = await withChainReader(async (client) => {
    let prevHash = GENESIS_HASH;
    if (from > 1n) {
      const before = await entryHash(client, from - 1n);
      if (before === null) return { checked: 0, firstBreak: { seq: from - 1n, reason: "entry missing" }, checkpoints: 0, last: null };
      prevHash = before;
    }
    // A checkpoint at from-1 also vouches for the hash the range starts from.
    const checkpoints = await checkpointsBetween(client, from > 1n ? from - 1n : 1n, to);
    const check = new ChainCheck(from, prevHash, checkpoints, keys);
    if (from > 1n) check.atCheckpoint(from - 1n, prevHash);
    for await (const rows of readChain(client, from, to)) if (!check.batch(rows)) break;
    if (!check.broken) check.end(await headSeq(client), to);
    return { checked: check.checked, firstBreak: check.broken, checkpoints: check.checkpointsSeen, last: checkpoints.at(-1) ?? null };
  });
  return {
    ok: result.firstBreak === null,
    checked: result.checked,
    from,
    to: to ?? null,
    firstBreak: result.firstBreak,
    checkpoints: result.checkpoints,
    lastCheckpoint: result.last ? { seq: result.last.seq, at: result.last.at } : null,
    millis: Math.round(performance.now() - started),
  };
}

class ChainCheck {
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
    if (!checkCheckpointSignature(key, cp, cp.signature)) return this.fail(seq, `checkpoint #${seq} has an invalid signature`);
    if (cp.headHash !== hash) return this.fail(seq, `entry does not match the hash signed by checkpoint #${seq} on ${cp.at.toISOString()} (chain rewritten)`);
    return true;
  }

  batch(rows: StoredRow[]): boolean {
    for (let i = 0; i < rows.length; i++) {
      const [seq, at, actor, actorKind, actorName, action, target, details, prevHash, hash] = rows[i];
      const n = Number(seq);
      if (n !== this.expectedSeq) return this.fail(n, `sequence gap: expected ${this.expectedSeq}, found ${seq}`);
      if (prevHash !== this.prevHash) return this.fail(n, "previous-hash link does not match the entry before it");
      if (hashStored(seq, at, actor, actorKind, actorName, action, target, JSON.parse(details), prevHash) !== hash) {
        return this.fail(n, "entry content does not match its hash (altered)");
      }
      if (this.next < this.checkpoints.length && this.checkpoints[this.next].seq <= BigInt(n) && !this.atCheckpoint(BigInt(n), hash)) return false;
      this.prevHash = hash;
      this.expectedSeq = n + 1;
      this.checked++;
    }
    return true;
  }

  /** A checkpoint beyond the last entry read means entries it signed are gone. */
  end(head: bigint, to: bigint | undefined): void {
    const last = this.checkpoints.at(-1);
    const end = to !== undefined && to < head ? to : head;
    if (last && last.seq > end) {
      this.fail(last.seq, `checkpoint #${last.seq} signed on ${last.at.toISOString()} but the ledger ends at #${head}: entries were removed from the tail`);
    } else if (to !== undefined && BigInt(this.expectedSeq) <= to && to <= head) {
      this.fail(this.expectedSeq, `sequence gap: entry #${this.expectedSeq} is missing`);
    }
  }
}
