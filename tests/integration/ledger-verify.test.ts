import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger } from "@/lib/ledger/append";
import { hashChain } from "@/lib/ledger/copy-chain";
import { hashStored } from "@/lib/ledger/hash";
import { readChain, withChainReader } from "@/lib/ledger/read-chain";
import { verifyLedger } from "@/lib/ledger/verify";

const actor = { id: "test", kind: "SYSTEM" as const, name: 'ledger "verify" test\t\u00e9' };

// Details whose jsonb text differs from their canonical JSON in every way the fast path handles
// or hands over: key order, escapes, non-ASCII and integer-like keys, numbers jsonb rewrites.
const awkward = [
  { b: 1, aa: { z: [], yy: {} }, ccc: null, a: [true, false, null] },
  { "\u00e9": 1, e: 2, "\ud83d\ude00": 3, "\uff5e": 4, "10": "ten", "9": "nine" },
  { s: 'quote " backslash \\ tab \t newline \n control \u0001 line sep \u2028 emoji \ud83d\ude00' },
  { n: [0, -1, 1.5, 1e21, 1e-7, 123456789012345, 2 ** 53, 0.1 + 0.2] },
  { 'k"q': { "": "" }, nested: { list: [{ "2": 2, "1": 1 }, { b: [{ d: 1, c: 2 }] }] } },
  {},
];

describe("ledger verification (binary COPY path)", () => {
  it("hashes every entry as the stored-row path does, and the chain verifies", async () => {
    const seqs = await db.$transaction((tx) =>
      appendLedger(
        tx,
        awkward.map((details, i) => ({
          actor,
          action: "test.one" as const,
          target: i % 2 ? null : `t:${i}`,
          details,
        })),
      ),
    );
    const from = seqs[0];
    const to = seqs[seqs.length - 1];
    const fromRows = await withChainReader(async (client) => {
      const stored: string[] = [];
      for await (const rows of readChain(client, from, to))
        for (const [seq, at, a, kind, name, action, target, details, prev] of rows)
          stored.push(hashStored(seq, at, a, kind, name, action, target, JSON.parse(details), prev));
      const copied: string[] = [];
      await hashChain(client, from, to, (rows) => {
        for (const r of rows) {
          copied.push(r.computed);
          expect(r.computed).toBe(r.hash);
        }
        return true;
      });
      return { stored, copied };
    });
    expect(fromRows.copied).toHaveLength(awkward.length);
    expect(fromRows.copied).toEqual(fromRows.stored);
    const result = await verifyLedger(from, to);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(awkward.length);
  });

  it("stops at the first break yet leaves the connection usable (the COPY is read to its end)", async () => {
    const seqs = await db.$transaction((tx) =>
      appendLedger(
        tx,
        Array.from({ length: 50 }, (_, i) => ({ actor, action: "test.one" as const, details: { i } })),
      ),
    );
    const seen = await withChainReader(async (client) => {
      let batches = 0;
      // The whole ledger: many COPY chunks, rows split across them, after the check has stopped.
      await hashChain(client, 1n, seqs[49], () => {
        batches++;
        return false;
      });
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "LogEntry"`);
      return { batches, n: Number(rows[0].n) };
    });
    expect(seen.batches).toBe(1);
    expect(seen.n).toBeGreaterThanOrEqual(50);
  });
});
