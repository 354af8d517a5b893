import { GENESIS_HASH, hashEntry, type HashedEntry } from "./hash";
import type { StoredRow } from "./read-chain";

// A small valid chain and its stored text form, for the ledger's unit tests.

export type TestEntry = HashedEntry & { hash: string };

/** `n` linked entries (seq 1…n), each with `details(i)`. */
export function testChain(n: number, details: (i: number) => HashedEntry["details"]): TestEntry[] {
  const out: TestEntry[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: HashedEntry = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2026, 10, 30, 9, 0, i)),
      actor: "u1",
      actorKind: "USER",
      actorName: "Ada",
      action: "grant.create",
      target: `grant:${i}`,
      details: details(i),
      prevHash: prev,
    };
    const hash = hashEntry(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

/** The row verification reads for an entry (details as PostgreSQL's JSON text). */
export const storedRow = (e: TestEntry): StoredRow => [
  e.seq.toString(),
  e.at.toISOString(),
  e.actor,
  e.actorKind,
  e.actorName,
  e.action,
  e.target,
  JSON.stringify(e.details),
  e.prevHash,
  e.hash,
];
