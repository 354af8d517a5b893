import { createPublicKey } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import pg from "pg";
import { ChainCheck } from "./chain-check";
import { hashChain } from "./copy-chain";
import { joinSnapshot } from "./read-chain";
import { sliceState, type SliceJob } from "./slices";

// One slice of a verification on a thread of its own (started by lib/ledger/slices.ts): its own
// connection in the verifier's snapshot, the COPY, the hashing and the chain check of the slice.
// It answers `ready` once loaded (a thread that cannot load is replaced by in-process reading),
// then the state joinSlices() needs.

const job = workerData as SliceJob;
const port = parentPort!;
port.postMessage({ ready: true });
const client = new pg.Client({ connectionString: job.url });
try {
  await client.connect();
  await joinSnapshot(client, job.snapshot);
  const keys = new Map(job.keys.map(([id, pem]) => [id, createPublicKey(pem)]));
  const check = new ChainCheck(job.from, null, job.checkpoints, keys);
  await hashChain(client, job.from, job.to, check);
  port.postMessage({ state: sliceState(check) });
} finally {
  await client.end().catch(() => undefined);
}
