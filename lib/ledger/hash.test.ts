import { describe, expect, it } from "vitest";
import { GENESIS_HASH, findBreak, hashEntry, type HashedEntry } from "./hash";

function chain(n: number) {
  const out: (HashedEntry & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: HashedEntry = {
      seq: BigInt(i),
      at: new Date(Date.UTC(2026, 10, 29, 12, 0, i)),
      actor: "u1",
      actorKind: "USER",
      actorName: "Ada",
      action: "grant.create",
      target: `grant:${i}`,
      details: { b: 2, a: [1, { z: true, y: null }] },
      prevHash: prev,
    };
    const hash = hashEntry(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe("ledger hash chain", () => {
  it("hashes independently of key order", () => {
    const [e] = chain(1);
    expect(hashEntry({ ...e, details: { a: [1, { y: null, z: true }], b: 2 } })).toBe(e.hash);
  });

  it("changes when any covered field changes", () => {
    const [e] = chain(1);
    for (const change of [{ actor: "u2" }, { action: "grant.revoke" }, { details: { b: 3 } }, { at: new Date(0) }, { seq: 2n }]) {
      expect(hashEntry({ ...e, ...change })).not.toBe(e.hash);
    }
  });

  it("accepts an intact chain", () => {
    expect(findBreak(chain(5), GENESIS_HASH, 0n)).toBeNull();
  });

  it("reports an altered entry", () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], details: { b: 99 } };
    expect(findBreak(entries, GENESIS_HASH, 0n)).toMatchObject({ seq: 3n, reason: expect.stringContaining("altered") });
  });

  it("reports a removed entry as a sequence gap", () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(findBreak(entries, GENESIS_HASH, 0n)).toMatchObject({ seq: 3n, reason: expect.stringContaining("gap") });
  });

  it("reports a re-linked entry", () => {
    const entries = chain(3);
    entries[1] = { ...entries[1], prevHash: "f".repeat(64) };
    expect(findBreak(entries, GENESIS_HASH, 0n)?.seq).toBe(2n);
  });
});
