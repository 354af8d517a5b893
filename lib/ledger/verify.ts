import { ChainCheck, joinSlices } from "./chain-check";
import { GENESIS_HASH, type ChainBreak } from "./hash";
import { checkpointsBetween, entryHash, headSeq, withChainReader } from "./read-chain";
import { checkSlices, type Cut } from "./slices";
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
  /** Whether the entries were hashed on threads of their own (lib/ledger/slices.ts). */
  threads: boolean;
};

/**
 * Recomputes the chain between two sequence numbers (inclusive) and reports the first broken
 * link. Signed checkpoints catch what the chain alone cannot: a chain rewritten with recomputed
 * hashes no longer matches the head hash a checkpoint signed, and a cut-off tail leaves a
 * checkpoint pointing past the end of the ledger.
 */
export async function verifyLedger(
  from: bigint = 1n,
  to?: bigint,
  /** How a long range is cut (tests cut a short one). */
  cut: Cut = {},
): Promise<VerifyResult> {
  const started = performance.now();
  const keys = await trustedPublicKeys();
  const result = await withChainReader(async (client) => {
    let prevHash = GENESIS_HASH;
    if (from > 1n) {
      const before = await entryHash(client, from - 1n);
      if (before === null)
        return {
          checked: 0,
          firstBreak: { seq: from - 1n, reason: "entry missing" },
          checkpoints: 0,
          last: null,
          threads: false,
        };
      prevHash = before;
    }
    // A checkpoint at from-1 also vouches for the hash the range starts from.
    const checkpoints = await checkpointsBetween(client, from > 1n ? from - 1n : 1n, to);
    const walk = new ChainCheck(from, prevHash, checkpoints, keys);
    if (from > 1n) walk.atCheckpoint(from - 1n, prevHash);
    const head = await headSeq(client);
    const last = to !== undefined && to < head ? to : head;
    let threads = false;
    if (!walk.broken && last >= from) {
      const sliced = await checkSlices(client, from, last, checkpoints, keys, cut);
      joinSlices(walk, sliced.states);
      threads = sliced.threads;
    }
    if (!walk.broken) walk.end(head, to);
    return {
      checked: walk.checked,
      firstBreak: walk.broken,
      checkpoints: walk.checkpointsSeen,
      last: checkpoints.at(-1) ?? null,
      threads,
    };
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
    threads: result.threads,
  };
}
