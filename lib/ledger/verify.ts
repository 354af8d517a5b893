import { ChainCheck } from "./chain-check";
import { GENESIS_HASH, type ChainBreak } from "./hash";
import { hashChain } from "./copy-chain";
import { checkpointsBetween, entryHash, headSeq, withChainReader } from "./read-chain";
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
      if (before === null)
        return {
          checked: 0,
          firstBreak: { seq: from - 1n, reason: "entry missing" },
          checkpoints: 0,
          last: null,
        };
      prevHash = before;
    }
    // A checkpoint at from-1 also vouches for the hash the range starts from.
    const checkpoints = await checkpointsBetween(client, from > 1n ? from - 1n : 1n, to);
    const check = new ChainCheck(from, prevHash, checkpoints, keys);
    if (from > 1n) check.atCheckpoint(from - 1n, prevHash);
    const head = await headSeq(client);
    const last = to !== undefined && to < head ? to : head;
    await hashChain(client, from, last, (rows) => check.hashed(rows));
    if (!check.broken) check.end(head, to);
    return {
      checked: check.checked,
      firstBreak: check.broken,
      checkpoints: check.checkpointsSeen,
      last: checkpoints.at(-1) ?? null,
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
  };
}
