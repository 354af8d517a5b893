import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger } from "@/lib/ledger/append";
import { hashChain } from "@/lib/ledger/copy-chain";
import { copyOut } from "@/lib/ledger/copy-out";
import { hashStored } from "@/lib/ledger/hash";
import { readChain, withChainReader } from "@/lib/ledger/read-chain";
import { verifyLedger } from "@/lib/ledger/verify";
import { restoreLedgerRows, type LedgerRow } from "../support/ledger-rows";

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
      await hashChain(client, from, to, {
        entry(seq, buf, prevAt, prevLen, hashAt, hashLen, computed) {
          copied.push(computed);
          expect(computed).toBe(buf.toString("latin1", hashAt, hashAt + hashLen));
          return true;
        },
      });
      return { stored, copied };
    });
    expect(fromRows.copied).toHaveLength(awkward.length);
    expect(fromRows.copied).toEqual(fromRows.stored);
    const result = await verifyLedger(from, to);
    expect(result.ok).toBe(true);
    expect(result.checked).toBe(awkward.length);
  });

  it("stores as details the very text it hashes, and refuses hashed text without them", async () => {
    const head = '{"action":"test.one","actor":"test","actorKind":"SYSTEM","actorName":null,"at":';
    const call = (tail: string) =>
      db.$queryRawUnsafe<{ first: bigint }[]>(
        `SELECT first FROM triad_ledger_link($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
        [head],
        [tail],
        [',"target":null}'],
        ["test"],
        ["SYSTEM"],
        [null],
        ["test.one"],
        [null],
      );
    const [{ first }] = await call(',"details":{"a":[1,"x"]},"prevHash":');
    const stored = await db.$queryRaw<
      { d: string }[]
    >`SELECT details::text AS d FROM "LogEntry" WHERE seq = ${first}`;
    expect(stored[0].d).toBe('{"a":[1,"x"]}');
    expect((await verifyLedger(first, first)).ok).toBe(true);
    for (const tail of [
      ',"detail":{"a":1},"prevHash":',
      ',"details":{"a":1}',
      ',"details":,"prevHash":',
      ',"details":{"a":1},"prevHash":"x',
    ])
      await expect(call(tail), tail).rejects.toThrow(
        /no details in its hashed text|invalid input syntax for type json/,
      );
  });

  it("stops at the first break yet leaves the connection usable (the COPY is read to its end)", async () => {
    const seqs = await db.$transaction((tx) =>
      appendLedger(
        tx,
        Array.from({ length: 50 }, (_, i) => ({ actor, action: "test.one" as const, details: { i } })),
      ),
    );
    const seen = await withChainReader(async (client) => {
      let entries = 0;
      // The whole ledger: many COPY chunks, rows split across them, after the check has stopped.
      await hashChain(client, 1n, seqs[49], {
        entry() {
          entries++;
          return false;
        },
      });
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "LogEntry"`);
      return { entries, n: Number(rows[0].n) };
    });
    expect(seen.entries).toBe(1);
    expect(seen.n).toBeGreaterThanOrEqual(50);
  });
});

describe("COPY read off the socket (lib/ledger/copy-out.ts)", () => {
  const sql = (n: number, failAt?: number) =>
    `COPY (SELECT ${failAt ? `1 / (g - ${failAt})` : "g"}, repeat('x', 500) FROM generate_series(1, ${n}) g) TO STDOUT (FORMAT binary)`;

  it("hands over every byte, fails with the server's error or the handler's, and leaves the connection usable", async () => {
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    try {
      let bytes = 0;
      await copyOut(client, sql(20_000), (data) => (bytes += data.length));
      // Header (19), trailer (2), and per row: field count (2), two lengths (8), int4 (4), 500 bytes.
      expect(bytes).toBe(19 + 2 + 20_000 * (2 + 8 + 4 + 500));
      await expect(copyOut(client, sql(20_000, 15_000), () => undefined)).rejects.toThrow(/division by zero/);
      let calls = 0;
      await expect(
        copyOut(client, sql(20_000), () => {
          calls++;
          throw new Error("handler failed");
        }),
      ).rejects.toThrow("handler failed");
      // The handler is not called again after it failed; the COPY was still read to its end.
      expect(calls).toBe(1);
      expect((await client.query<{ n: number }>("SELECT 42 AS n")).rows[0].n).toBe(42);
    } finally {
      await client.end();
    }
  });
});

// Long ranges are verified as slices read side by side (lib/ledger/verify.ts); here a short range is
// cut into four slices of ten, so that every kind of tampering lands inside a slice, on either side
// of a boundary and in the last slice, and must be found at the same entry as one reader finds it.
describe("ledger verification in parallel slices", () => {
  let owner: pg.Client;
  let first: bigint;
  let last: bigint;
  const sliced = { slices: 4, minSlice: 1 };

  beforeAll(async () => {
    owner = new pg.Client({ connectionString: inject("databaseUrl") });
    await owner.connect();
    const seqs = await db.$transaction((tx) =>
      appendLedger(
        tx,
        Array.from({ length: 40 }, (_, i) => ({
          actor,
          action: "test.one" as const,
          target: `slice:${i}`,
          details: { i, nested: { b: [i, "x"], a: null } },
        })),
      ),
    );
    first = seqs[0];
    last = seqs[39];
  });
  afterAll(() => owner.end());

  /** Runs `change` as the owner with the triggers off, verifies, and puts the rows back as they were. */
  async function tampered(seqs: bigint[], change: string, withThreads = false) {
    const { rows } = await owner.query<LedgerRow>(`SELECT * FROM "LogEntry" WHERE seq = ANY($1::bigint[])`, [
      seqs.map(String),
    ]);
    await owner.query(`ALTER TABLE "LogEntry" DISABLE TRIGGER USER`);
    try {
      await owner.query(change);
      const one = await verifyLedger(first, last, { slices: 1 });
      const parallel = await verifyLedger(first, last, sliced);
      const threaded = withThreads ? await verifyLedger(first, last, { ...sliced, threads: true }) : null;
      return { one, parallel, threaded };
    } finally {
      await owner.query(`DELETE FROM "LogEntry" WHERE seq = ANY($1::bigint[])`, [seqs.map(String)]);
      await restoreLedgerRows(owner, rows);
      await owner.query(`ALTER TABLE "LogEntry" ENABLE TRIGGER USER`);
    }
  }

  it("verifies an intact range in slices, counting every entry once", async () => {
    const result = await verifyLedger(first, last, sliced);
    expect(result).toMatchObject({ ok: true, checked: 40, firstBreak: null });
    // And the whole ledger, in two slices.
    expect((await verifyLedger(1n, undefined, { slices: 2, minSlice: 1 })).ok).toBe(true);
  });

  const at = (k: number) => first + BigInt(k);
  const cases: [string, number, (seq: bigint) => string, RegExp][] = [
    [
      "details altered inside a slice",
      14,
      (s) => `UPDATE "LogEntry" SET details = '{"i": 999}' WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "details altered, written canonically",
      16,
      (s) => `UPDATE "LogEntry" SET details = '{"i":999,"nested":{"a":null,"b":[16,"x"]}}' WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "the last entry of a slice altered",
      9,
      (s) => `UPDATE "LogEntry" SET actor = 'mallory' WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "the first entry of a slice altered",
      10,
      (s) => `UPDATE "LogEntry" SET target = 'x' WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "the last entry of the last slice altered",
      39,
      (s) => `UPDATE "LogEntry" SET "actorName" = NULL WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "a slice's first entry re-linked",
      20,
      (s) => `UPDATE "LogEntry" SET "prevHash" = repeat('f', 64) WHERE seq = ${s}`,
      /previous-hash/,
    ],
    [
      "a stored hash replaced at the end of a slice",
      29,
      (s) => `UPDATE "LogEntry" SET hash = repeat('e', 64) WHERE seq = ${s}`,
      /altered/,
    ],
    [
      "the time of an entry moved in the last slice",
      35,
      (s) => `UPDATE "LogEntry" SET at = at + interval '1 ms' WHERE seq = ${s}`,
      /altered/,
    ],
  ];
  for (const [name, k, sql, reason] of cases)
    it(`finds ${name}, at the same entry as one reader`, async () => {
      const { one, parallel } = await tampered([at(k)], sql(at(k)));
      expect(parallel.ok).toBe(false);
      expect(parallel.firstBreak).toEqual(one.firstBreak);
      expect(parallel.firstBreak?.seq).toBe(at(k));
      expect(parallel.firstBreak?.reason).toMatch(reason);
    });

  it("stores details as the text hashed, and refuses other text of the same values", async () => {
    const { rows } = await owner.query<{ details: string }>(
      `SELECT details::text AS details FROM "LogEntry" WHERE seq = $1`,
      [at(3).toString()],
    );
    expect(rows[0].details).toBe('{"i":3,"nested":{"a":null,"b":[3,"x"]}}');
    // jsonb's output text, another key order, a duplicate key, another spelling of a number.
    const variants = [
      (s: bigint) => `UPDATE "LogEntry" SET details = details::jsonb::json WHERE seq = ${s}`,
      (s: bigint) =>
        `UPDATE "LogEntry" SET details = '{"nested":{"b":[12,"x"],"a":null},"i":12}' WHERE seq = ${s}`,
      (s: bigint) =>
        `UPDATE "LogEntry" SET details = '{"i":0,"i":12,"nested":{"a":null,"b":[12,"x"]}}' WHERE seq = ${s}`,
      (s: bigint) =>
        `UPDATE "LogEntry" SET details = '{"i":12.0,"nested":{"a":null,"b":[12,"x"]}}' WHERE seq = ${s}`,
    ];
    for (const variant of variants) {
      const { one, parallel } = await tampered([at(12)], variant(at(12)));
      expect(one.firstBreak).toMatchObject({ seq: at(12), reason: expect.stringMatching(/altered/) });
      expect(parallel.firstBreak).toEqual(one.firstBreak);
    }
  });

  it("compares entries from before details were stored as hashed by their canonical form", async () => {
    // As if this range had been written before migration 20261130180000 (jsonb's output text).
    const { rows } = await owner.query<{ from: string }>(
      `SELECT "verbatimFrom"::text AS from FROM "LedgerFormat"`,
    );
    const setMark = (seq: string) =>
      owner.query(
        `ALTER TABLE "LedgerFormat" DISABLE TRIGGER USER; UPDATE "LedgerFormat" SET "verbatimFrom" = ${BigInt(seq)}; ALTER TABLE "LedgerFormat" ENABLE TRIGGER USER;`,
      );
    await setMark((last + 1n).toString());
    try {
      const legacy = await tampered(
        [at(2), at(12), at(31)],
        `UPDATE "LogEntry" SET details = details::jsonb::json WHERE seq IN (${at(2)}, ${at(31)});
         UPDATE "LogEntry" SET details = '{"nested":{"b":[12,"x"],"a":null},"i":12}' WHERE seq = ${at(12)}`,
        true,
      );
      expect(legacy.one).toMatchObject({ ok: true, checked: 40 });
      expect(legacy.parallel).toMatchObject({ ok: true, checked: 40 });
      expect(legacy.threaded).toMatchObject({ ok: true, checked: 40 });
      const altered = await tampered(
        [at(7)],
        `UPDATE "LogEntry" SET details = '{"i": 8, "nested": {"a": null, "b": [7, "x"]}}' WHERE seq = ${at(7)}`,
      );
      expect(altered.one.firstBreak).toMatchObject({ seq: at(7), reason: expect.stringMatching(/altered/) });
    } finally {
      await setMark(rows[0].from);
    }
  });

  it("finds an entry removed at a slice boundary, and a whole slice removed", async () => {
    const boundary = await tampered([at(10)], `DELETE FROM "LogEntry" WHERE seq = ${at(10)}`);
    expect(boundary.parallel.firstBreak).toEqual(boundary.one.firstBreak);
    expect(boundary.parallel.firstBreak).toMatchObject({ seq: at(11), reason: expect.stringMatching(/gap/) });
    const slice = Array.from({ length: 10 }, (_, k) => at(20 + k));
    const gone = await tampered(slice, `DELETE FROM "LogEntry" WHERE seq >= ${at(20)} AND seq <= ${at(29)}`);
    expect(gone.parallel.firstBreak).toEqual(gone.one.firstBreak);
    expect(gone.parallel.firstBreak).toMatchObject({ seq: at(30), reason: expect.stringMatching(/gap/) });
    const end = Array.from({ length: 3 }, (_, k) => at(35 + k));
    const cut = await tampered(end, `DELETE FROM "LogEntry" WHERE seq >= ${at(35)} AND seq <= ${at(37)}`);
    expect(cut.parallel.firstBreak).toEqual(cut.one.firstBreak);
    expect(cut.parallel.firstBreak).toMatchObject({ seq: at(38), reason: expect.stringMatching(/gap/) });
  });

  it("reports the earliest break when several slices are broken", async () => {
    const { one, parallel } = await tampered(
      [at(5), at(25)],
      `UPDATE "LogEntry" SET action = 'x' WHERE seq IN (${at(25)}, ${at(5)})`,
    );
    expect(parallel.firstBreak).toEqual(one.firstBreak);
    expect(parallel.firstBreak?.seq).toBe(at(5));
    expect(parallel.checked).toBe(one.checked);
  });

  it("hashes slices on threads of their own with the same answers", async () => {
    const intact = await verifyLedger(first, last, { ...sliced, threads: true });
    expect(intact).toMatchObject({ ok: true, checked: 40, threads: true });
    const seqs = [at(10), at(27)];
    const broken = await tampered(
      seqs,
      `UPDATE "LogEntry" SET details = '{"i": 1}' WHERE seq = ${at(27)};
       UPDATE "LogEntry" SET "prevHash" = repeat('0', 64) WHERE seq = ${at(10)}`,
      true,
    );
    expect(broken.threaded).toMatchObject({ ok: false, threads: true, firstBreak: broken.one.firstBreak });
    expect(broken.one.firstBreak).toMatchObject({
      seq: at(10),
      reason: expect.stringMatching(/previous-hash/),
    });
  });
});
