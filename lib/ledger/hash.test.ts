import { describe, expect, it } from "vitest";
import { ChainCheck } from "./chain-check";
import { GENESIS_HASH, hashEntry } from "./hash";
import { storedRow, testChain, type TestEntry } from "./test-chain";
import type { StoredRow } from "./read-chain";
import { generateSigningKey, keyIdOf, signCheckpoint } from "./signature";
import { createPublicKey } from "node:crypto";

const chain = (n: number) => testChain(n, () => ({ b: 2, a: [1, { z: true, y: null }] }));
const stored = (entries: TestEntry[]): StoredRow[] => entries.map(storedRow);

function check(rows: StoredRow[], checkpoints: Parameters<typeof signedAt>[0][] = []) {
  const c = new ChainCheck(1n, GENESIS_HASH, checkpoints.map(signedAt), keys);
  c.batch(rows);
  if (!c.broken) c.end(BigInt(rows.at(-1)?.[0] ?? 0), undefined);
  return c.broken;
}

const key = generateSigningKey();
const keys = new Map([[keyIdOf(key.publicKeyPem), createPublicKey(key.publicKeyPem)]]);
function signedAt(at: { seq: bigint; headHash: string }) {
  const claim = { ...at, at: new Date("2026-11-30T00:00:00.000Z") };
  return { ...claim, keyId: keyIdOf(key.publicKeyPem), signature: signCheckpoint(key.privateKeyPem, claim) };
}

describe("ledger hash chain", () => {
  it("hashes independently of key order", () => {
    const [e] = chain(1);
    expect(hashEntry({ ...e, details: { a: [1, { y: null, z: true }], b: 2 } })).toBe(e.hash);
  });

  it("changes when any covered field changes", () => {
    const [e] = chain(1);
    for (const change of [
      { actor: "u2" },
      { action: "grant.revoke" },
      { details: { b: 3 } },
      { at: new Date(0) },
      { seq: 2n },
    ]) {
      expect(hashEntry({ ...e, ...change })).not.toBe(e.hash);
    }
  });

  it("accepts an intact chain", () => {
    expect(check(stored(chain(5)))).toBeNull();
  });

  it("reports an altered entry", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], details: { b: 99 } };
    expect(check(stored(entries))).toMatchObject({ seq: 3n, reason: expect.stringContaining("altered") });
  });

  it("reports a removed entry as a sequence gap", () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(check(stored(entries))).toMatchObject({ seq: 3n, reason: expect.stringContaining("gap") });
  });

  it("reports a re-linked entry", () => {
    const entries = chain(3);
    entries[1] = { ...entries[1], prevHash: "f".repeat(64) };
    expect(check(stored(entries))?.seq).toBe(2n);
  });

  it("holds the chain to its signed checkpoints", () => {
    const entries = chain(5);
    expect(check(stored(entries), [{ seq: 3n, headHash: entries[2].hash }])).toBeNull();
    expect(check(stored(entries), [{ seq: 3n, headHash: "e".repeat(64) }])?.reason).toMatch(
      /chain rewritten/,
    );
    expect(check(stored(entries.slice(0, 2)), [{ seq: 3n, headHash: entries[2].hash }])?.reason).toMatch(
      /removed from the tail/,
    );
  });
});
