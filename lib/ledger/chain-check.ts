import type { KeyObject } from "node:crypto";
import { hashStored, type ChainBreak } from "./hash";
import type { StoredCheckpoint, StoredRow } from "./read-chain";
import { checkCheckpointSignature } from "./signature";

/** Why a checkpoint does not vouch for `hash` as the entry at its seq, or null when it does. */
export function checkpointProblem(
  cp: StoredCheckpoint,
  keys: Map<string, KeyObject>,
  hash: string,
): string | null {
  const key = keys.get(cp.keyId);
  if (!key) return `checkpoint #${cp.seq} is signed by an unknown key (${cp.keyId})`;
  if (!checkCheckpointSignature(key, cp, cp.signature))
    return `checkpoint #${cp.seq} has an invalid signature`;
  if (cp.headHash !== hash)
    return `entry does not match the hash signed by checkpoint #${cp.seq} on ${cp.at.toISOString()} (chain rewritten)`;
  return null;
}

/**
 * Walks consecutive stored entries and stops at the first broken link: a sequence gap, a
 * previous-hash mismatch, an entry that does not match its hash, or a signed checkpoint whose
 * signature, key or head hash does not hold. `end()` then catches checkpoints past the end.
 *
 * Started with a null prevHash it checks one slice of a chain read in parallel with others: the
 * first entry's seq and prevHash are taken as they are and kept (firstSeq, firstPrevHash) for
 * joinSlices() to hold against the slice before.
 */
export class ChainCheck {
  checked = 0;
  checkpointsSeen = 0;
  broken: ChainBreak | null = null;
  firstSeq: number | null = null;
  firstPrevHash: string | null = null;
  expectedSeq: number;
  private next = 0;
  private readonly checkpointSeqs: number[];
  private readonly open: boolean;

  constructor(
    from: bigint,
    public prevHash: string | null,
    private readonly checkpoints: StoredCheckpoint[],
    private readonly keys: Map<string, KeyObject>,
  ) {
    this.expectedSeq = Number(from);
    this.open = prevHash === null;
    this.checkpointSeqs = checkpoints.map((cp) => Number(cp.seq));
  }

  private fail(seq: bigint | number, reason: string): false {
    this.broken = { seq: BigInt(seq), reason };
    return false;
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

  /**
   * One entry read by lib/ledger/copy-chain.ts: its stored prevHash and hash as byte spans of
   * `buf` (compared there, without making strings of them unless something is off), and the hash
   * its content gives.
   */
  entry(
    seq: number,
    buf: Buffer,
    prevAt: number,
    prevLen: number,
    hashAt: number,
    hashLen: number,
    computed: string,
  ): boolean {
    const prev = this.prevHash;
    if (
      seq === this.expectedSeq &&
      prev !== null &&
      spanIs(buf, prevAt, prevLen, prev) &&
      spanIs(buf, hashAt, hashLen, computed) &&
      (this.next >= this.checkpointSeqs.length || this.checkpointSeqs[this.next] > seq)
    ) {
      this.prevHash = computed;
      this.expectedSeq = seq + 1;
      this.checked++;
      return true;
    }
    const text = (at: number, len: number) => (len < 0 ? "" : buf.toString("utf8", at, at + len));
    return this.link(seq, text(prevAt, prevLen), text(hashAt, hashLen), computed);
  }

  private link(n: number, prevHash: string, hash: string, computed: string): boolean {
    if (this.open && this.firstSeq === null) {
      this.firstSeq = n;
      this.firstPrevHash = prevHash;
      this.expectedSeq = n;
      this.prevHash = prevHash;
    }
    if (n !== this.expectedSeq) return this.fail(n, `sequence gap: expected ${this.expectedSeq}, found ${n}`);
    if (prevHash !== this.prevHash)
      return this.fail(n, "previous-hash link does not match the entry before it");
    if (computed !== hash) return this.fail(n, "entry content does not match its hash (altered)");
    if (!this.atCheckpoint(n, hash)) return false;
    this.prevHash = hash;
    this.expectedSeq = n + 1;
    this.checked++;
    return true;
  }

  /** The entry at a checkpoint's seq must carry the hash the checkpoint signed. */
  atCheckpoint(seq: bigint | number, hash: string): boolean {
    const n = Number(seq);
    while (this.next < this.checkpointSeqs.length && this.checkpointSeqs[this.next] < n) this.next++;
    if (this.next >= this.checkpointSeqs.length || this.checkpointSeqs[this.next] !== n) return true;
    const cp = this.checkpoints[this.next++];
    this.checkpointsSeen++;
    const problem = checkpointProblem(cp, this.keys, hash);
    return problem === null || this.fail(n, problem);
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

/** Whether buf[at, at + len) holds exactly the ASCII text `text` (a hash in hex). */
function spanIs(buf: Buffer, at: number, len: number, text: string): boolean {
  // One native slice and a string comparison: cheaper than comparing 64 bytes one by one here.
  return len === text.length && buf.toString("latin1", at, at + len) === text;
}

/** What joinSlices() needs of a slice's check (also as a thread sends it back). */
export type SliceState = Pick<
  ChainCheck,
  "firstSeq" | "firstPrevHash" | "expectedSeq" | "prevHash" | "checked" | "checkpointsSeen" | "broken"
>;

/**
 * Joins slices checked side by side (in seq order) into the one walk a single reader would have
 * made: each slice's first entry must follow the last entry of the slice before it, by seq and
 * by prevHash, and the first break in seq order is the answer. `into` is the walk up to the
 * first slice (it ends at the state after the last slice).
 */
export function joinSlices(into: ChainCheck, slices: SliceState[]): void {
  for (const slice of slices) {
    if (into.broken) return;
    into.checkpointsSeen += slice.checkpointsSeen;
    // A slice without entries leaves the walk where it was: the next slice's first entry (or the
    // end) then shows the gap.
    if (slice.firstSeq === null) continue;
    if (slice.firstSeq !== into.expectedSeq) {
      into.broken = {
        seq: BigInt(slice.firstSeq),
        reason: `sequence gap: expected ${into.expectedSeq}, found ${slice.firstSeq}`,
      };
      return;
    }
    if (slice.firstPrevHash !== into.prevHash) {
      into.broken = {
        seq: BigInt(slice.firstSeq),
        reason: "previous-hash link does not match the entry before it",
      };
      return;
    }
    into.checked += slice.checked;
    into.broken = slice.broken;
    into.expectedSeq = slice.expectedSeq;
    into.prevHash = slice.prevHash;
  }
}
