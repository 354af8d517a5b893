import type { KeyObject } from "node:crypto";
import { Worker } from "node:worker_threads";
import type pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { ChainCheck, type SliceState } from "./chain-check";
import { hashChain } from "./copy-chain";
import { exportSnapshot, withSnapshotReader, type StoredCheckpoint } from "./read-chain";

// A long range is verified as slices read side by side, each on its own connection in the
// verifier's snapshot: PostgreSQL's share (reading rows, writing jsonb as text) then runs in as many
// backends. Where the code runs from its TypeScript sources (the CLI, scripts, tests: tsx), each
// slice is also hashed on a thread of its own, so that hashing uses every core too; elsewhere (a
// bundled server) one thread hashes every slice as its rows arrive.

export type Cut = {
  /** How many slices at most (default 2: a two-core machine's worth). */
  slices?: number;
  /** The fewest entries a slice may have. */
  minSlice?: number;
  /** Hash on threads (default: from THREADS_MIN entries on, where threads can be started). */
  threads?: boolean;
};

const SLICES = 2;
const MIN_SLICE = 50_000;
// Starting a thread costs about a third of a second (loading the sources): worth it from here.
const THREADS_MIN = 400_000;

export type SliceJob = {
  url: string;
  snapshot: string;
  from: bigint;
  to: bigint;
  checkpoints: StoredCheckpoint[];
  keys: [string, string][];
};

export const sliceState = (c: ChainCheck): SliceState => ({
  firstSeq: c.firstSeq,
  firstPrevHash: c.firstPrevHash,
  expectedSeq: c.expectedSeq,
  prevHash: c.prevHash,
  checked: c.checked,
  checkpointsSeen: c.checkpointsSeen,
  broken: c.broken,
});

/** [from, to] cut into up to `count` consecutive ranges of at least `min` entries. */
function ranges(from: bigint, to: bigint, count: number, min: number): [bigint, bigint][] {
  const total = to - from + 1n;
  const n = BigInt(Math.max(1, Math.min(count, Number(total / BigInt(min)))));
  const out: [bigint, bigint][] = [];
  for (let k = 0n; k < n; k++) out.push([from + (total * k) / n, from + (total * (k + 1n)) / n - 1n]);
  return out;
}

/**
 * Checks [from, to] in slices, each verifying its own entries (with the first entry's seq and
 * prevHash taken as they are); joinSlices() then holds every slice to the one before it.
 */
export async function checkSlices(
  client: pg.Client,
  from: bigint,
  to: bigint,
  checkpoints: StoredCheckpoint[],
  keys: Map<string, KeyObject>,
  cut: Cut = {},
): Promise<{ states: SliceState[]; threads: boolean }> {
  const parts = ranges(from, to, cut.slices ?? SLICES, cut.minSlice ?? MIN_SLICE);
  const threads = parts.length > 1 && (cut.threads ?? to - from + 1n >= BigInt(THREADS_MIN));
  if (threads && WORKER !== null && workersStart !== false) {
    const states = await onThreads(client, parts, checkpoints, keys);
    if (states) return { states, threads: true };
  }
  return { states: await inProcess(client, parts, checkpoints, keys), threads: false };
}

/** Every slice read at once, hashed on this thread as rows arrive. */
async function inProcess(
  client: pg.Client,
  parts: [bigint, bigint][],
  checkpoints: StoredCheckpoint[],
  keys: Map<string, KeyObject>,
): Promise<SliceState[]> {
  const checks = parts.map(([start]) => new ChainCheck(start, null, checkpoints, keys));
  // Once a slice breaks, the slices after it stop hashing: their answer is moot.
  let stopAfter = parts.length;
  const run = (c: pg.Client, k: number) =>
    hashChain(c, parts[k][0], parts[k][1], {
      entry(seq, buf, prevAt, prevLen, hashAt, hashLen, computed) {
        if (k > stopAfter) return false;
        if (checks[k].entry(seq, buf, prevAt, prevLen, hashAt, hashLen, computed)) return true;
        stopAfter = Math.min(stopAfter, k);
        return false;
      },
    });
  if (parts.length === 1) await run(client, 0);
  else
    await withSnapshotReader(client, parts.length - 1, async (others) => {
      // Every COPY runs to its end before the connections close, even when one of them fails.
      const done = await Promise.allSettled([run(client, 0), ...others.map((c, k) => run(c, k + 1))]);
      for (const d of done) if (d.status === "rejected") throw d.reason;
    });
  return checks.map(sliceState);
}

// The thread's module next to this one, when this one runs from its source file (a bundle has
// neither): found at run time, so that bundlers do not try to follow it.
const SELF = import.meta.url;
const WORKER = /\/lib\/ledger\/slices\.ts$/.test(SELF)
  ? SELF.replace(/slices\.ts$/, "slice-worker.ts")
  : null;
// Threads load the TypeScript sources through tsx, registered in the thread itself.
const BOOT = (url: string) =>
  `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(url)}); })`;
/** null until threads were tried; false once they could not start (then never tried again). */
let workersStart: boolean | null = null;

type Reply = { ready: true } | { state: SliceState };

/** Every slice on a thread of its own; null when threads cannot be started here. */
async function onThreads(
  client: pg.Client,
  parts: [bigint, bigint][],
  checkpoints: StoredCheckpoint[],
  keys: Map<string, KeyObject>,
): Promise<SliceState[] | null> {
  const snapshot = await exportSnapshot(client);
  const pems: [string, string][] = [...keys].map(([id, key]) => [
    id,
    key.export({ type: "spki", format: "pem" }).toString(),
  ]);
  const workers: Worker[] = [];
  let unavailable = false;
  const run = (from: bigint, to: bigint) =>
    new Promise<SliceState | null>((resolve, reject) => {
      const job: SliceJob = { url: requireDatabaseUrl(), snapshot, from, to, checkpoints, keys: pems };
      const worker = new Worker(BOOT(WORKER!), { eval: true, workerData: job });
      workers.push(worker);
      let ready = false;
      worker.on("message", (m: Reply) => {
        if ("ready" in m) ready = true;
        else resolve(m.state);
      });
      worker.on("error", (error) => {
        if (ready) return reject(error);
        unavailable = true;
        resolve(null);
      });
      worker.on("exit", (code) => reject(new Error(`a verification thread exited (${code})`)));
    });
  try {
    const states = await Promise.all(parts.map(([from, to]) => run(from, to)));
    if (unavailable) {
      workersStart = false;
      return null;
    }
    workersStart = true;
    return states as SliceState[];
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
