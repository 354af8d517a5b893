import { ChainCheck, joinSlices } from "./chain-check";
import { GENESIS_HASH, type ChainBreak } from "./hash";
import { hashChain } from "./copy-chain";
import {
  checkpointsBetween,
  entryHash,
  headSeq,
  withChainReader,
  withSnapshotReader,
  type StoredCheckpoint,
} from "./read-chain";
import { trustedPublicKeys } from "./signing-keys";
import type { KeyObject } from "node:crypto";
import type pg from "pg";

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

// Long ranges are read as this many slices side by side, each on its own connection in the same
// snapshot: PostgreSQL's work (reading the rows, writing jsonb as text) then runs in as many
// backends, beside this process's hashing. Two keeps a two-core machine busy; more adds
// connections, not speed, while one thread hashes.
const SLICES = 2;
const MIN_SLICE = 50_000;

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
  cut: { slices?: number; minSlice?: number } = {},
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
        };
      prevHash = before;
    }
    // A checkpoint at from-1 also vouches for the hash the range starts from.
    const checkpoints = await checkpointsBetween(client, from > 1n ? from - 1n : 1n, to);
    const walk = new ChainCheck(from, prevHash, checkpoints, keys);
    if (from > 1n) walk.atCheckpoint(from - 1n, prevHash);
    const head = await headSeq(client);
    const last = to !== undefined && to < head ? to : head;
    if (!walk.broken && last >= from)
      joinSlices(
        walk,
        await checkSlices(client, slices(from, last, cut.slices, cut.minSlice), checkpoints, keys),
      );
    if (!walk.broken) walk.end(head, to);
    return {
      checked: walk.checked,
      firstBreak: walk.broken,
      checkpoints: walk.checkpointsSeen,
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

/** [from, to] cut into up to `count` consecutive ranges of at least `min` entries. */
function slices(from: bigint, to: bigint, count = SLICES, min = MIN_SLICE): [bigint, bigint][] {
  const total = to - from + 1n;
  const n = BigInt(Math.max(1, Math.min(count, Number(total / BigInt(min)))));
  const out: [bigint, bigint][] = [];
  for (let k = 0n; k < n; k++) out.push([from + (total * k) / n, from + (total * (k + 1n)) / n - 1n]);
  return out;
}

/**
 * Checks each range on its own connection (the first on `client`, the others in its snapshot) at
 * the same time. Each slice verifies its own entries; joinSlices() then holds every slice to the
 * one before it. Once a slice breaks, the slices after it stop hashing: their answer is moot.
 */
async function checkSlices(
  client: pg.Client,
  ranges: [bigint, bigint][],
  checkpoints: StoredCheckpoint[],
  keys: Map<string, KeyObject>,
): Promise<ChainCheck[]> {
  const checks = ranges.map(([start]) => new ChainCheck(start, null, checkpoints, keys));
  let stopAfter = ranges.length;
  const run = (c: pg.Client, k: number) =>
    hashChain(c, ranges[k][0], ranges[k][1], {
      entry(seq, buf, prevAt, prevLen, hashAt, hashLen, computed) {
        if (k > stopAfter) return false;
        if (checks[k].entry(seq, buf, prevAt, prevLen, hashAt, hashLen, computed)) return true;
        stopAfter = Math.min(stopAfter, k);
        return false;
      },
    });
  if (ranges.length === 1) await run(client, 0);
  else
    await withSnapshotReader(client, ranges.length - 1, async (others) => {
      // Every COPY runs to its end before the connections close, even when one of them fails.
      const done = await Promise.allSettled([run(client, 0), ...others.map((c, k) => run(c, k + 1))]);
      for (const d of done) if (d.status === "rejected") throw d.reason;
    });
  return checks;
}
