import { describe, expect, it } from "vitest";
import { ChainCheck, joinSlices } from "./chain-check";
import { GENESIS_HASH } from "./hash";
import { storedRow, testChain, type TestEntry } from "./test-chain";

// Slices checked side by side and joined must give the answer of one walk over the same rows,
// whatever was done to them and wherever the slices are cut.

type Stored = TestEntry;
const chain = (n: number) => testChain(n, (i) => ({ i, b: [1, { z: true }] }));
const row = storedRow;

const keys = new Map();

function oneWalk(rows: Stored[], to: number) {
  const c = new ChainCheck(1n, GENESIS_HASH, [], keys);
  c.batch(rows.map(row));
  if (!c.broken) c.end(BigInt(to), BigInt(to));
  return { broken: c.broken, checked: c.checked };
}

function sliced(rows: Stored[], to: number, cuts: number[]) {
  const walk = new ChainCheck(1n, GENESIS_HASH, [], keys);
  const bounds = [1, ...cuts, to + 1];
  const slices = bounds.slice(0, -1).map((start, k) => {
    const c = new ChainCheck(BigInt(start), null, [], keys);
    c.batch(rows.filter((r) => r.seq >= BigInt(start) && r.seq < BigInt(bounds[k + 1])).map(row));
    return c;
  });
  joinSlices(walk, slices);
  if (!walk.broken) walk.end(BigInt(to), BigInt(to));
  return { broken: walk.broken, checked: walk.checked };
}

const CUTS = [[11], [10, 20], [2, 3, 29], [15, 16, 17]];

describe("joinSlices", () => {
  const tamperings: [string, (rows: Stored[]) => Stored[]][] = [
    ["intact", (rows) => rows],
    ["altered at 10", (rows) => rows.map((r) => (r.seq === 10n ? { ...r, actor: "x" } : r))],
    ["altered at 11", (rows) => rows.map((r) => (r.seq === 11n ? { ...r, details: {} } : r))],
    ["re-linked at 20", (rows) => rows.map((r) => (r.seq === 20n ? { ...r, prevHash: "f".repeat(64) } : r))],
    ["hash replaced at 19", (rows) => rows.map((r) => (r.seq === 19n ? { ...r, hash: "e".repeat(64) } : r))],
    ["removed 10", (rows) => rows.filter((r) => r.seq !== 10n)],
    ["removed 11 to 19", (rows) => rows.filter((r) => r.seq < 11n || r.seq > 19n)],
    ["removed 15 to 17", (rows) => rows.filter((r) => r.seq < 15n || r.seq > 17n)],
    ["removed the tail from 28", (rows) => rows.filter((r) => r.seq < 28n)],
    [
      "altered at 3 and at 25",
      (rows) => rows.map((r) => (r.seq === 3n || r.seq === 25n ? { ...r, target: null } : r)),
    ],
  ];
  for (const [name, tamper] of tamperings)
    it(`answers as one walk does: ${name}`, () => {
      const rows = tamper(chain(30));
      const expected = oneWalk(rows, 30);
      expect(expected.broken === null).toBe(name === "intact");
      for (const cuts of CUTS) expect(sliced(rows, 30, cuts), `cut at ${cuts}`).toEqual(expected);
    });
});
