import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { evidenceStream } from "@/lib/audit/evidence";
import { appendLedger } from "@/lib/ledger/append";

// The evidence pack of a time window: the anchor entry just before it, then every entry of the
// window in seq order, none after it.

describe("evidence pack", () => {
  it("holds the anchor and exactly the window's entries, in seq order", async () => {
    const seqs = await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { id: "t", kind: "SYSTEM", name: "t" },
        action: "test.evidence",
        target: null,
        details: {},
      }),
    );
    const from = new Date((await db.logEntry.findUniqueOrThrow({ where: { seq: seqs[0] } })).at.getTime());
    const more = await db.$transaction((tx) =>
      appendLedger(
        tx,
        [1, 2].map((n) => ({
          actor: { id: "t", kind: "SYSTEM" as const, name: "t" },
          action: "test.evidence",
          target: null,
          details: { n },
        })),
      ),
    );
    const to = new Date((await db.logEntry.findUniqueOrThrow({ where: { seq: more[1] } })).at.getTime() + 1);
    // After the window (a later millisecond): not in the pack.
    await new Promise((r) => setTimeout(r, 5));
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { id: "t", kind: "SYSTEM", name: "t" },
        action: "test.evidence",
        target: null,
        details: { late: true },
      }),
    );
    const lines = (await new Response(evidenceStream(from, to)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kind: "triad-ledger-evidence" });
    const entries = lines.slice(1).map((l) => BigInt(l.seq));
    for (let i = 1; i < entries.length; i++) expect(entries[i]).toBe(entries[i - 1] + 1n);
    expect(entries).toEqual(expect.arrayContaining([seqs[0], ...more]));
    expect(lines.slice(1).every((l) => l.at < to.toISOString())).toBe(true);
    expect(lines.slice(1).every((l) => l.details?.late !== true)).toBe(true);
  });
});
