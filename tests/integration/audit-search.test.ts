import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ledgerQuery, ledgerTable, listLedger, readLedger } from "@/lib/audit/queries";
import { LEDGER_AREAS } from "@/lib/audit/areas";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { parseTableParams } from "@/lib/table/search-params";
import { makeUser, uid } from "../support/factories";

// The audit page's search reads each matching column on its own index and merges the pages: the
// answers must be those of the plain OR it replaced, newest first, with keyset paging across arms.

const params = (query: string) => parseTableParams(new URLSearchParams(query), ledgerTable);

describe("audit search", () => {
  it("finds entries by target, actor id, actor name and action, filtered by area and kind, paged by seq", async () => {
    const { user } = await makeUser(["ADMIN"]);
    const grant = `grant:${uid()}`;
    const by = { id: user.id, kind: "USER" as const, name: user.name };
    const seqs = await db.$transaction((tx) =>
      appendLedger(tx, [
        { actor: by, action: "grant.revoked", target: grant, details: { n: 1 } },
        { actor: by, action: "policy.activated", target: null, details: { n: 2 } },
        {
          actor: SYSTEM_ACTOR,
          action: "grant.expired",
          target: grant,
          details: {},
        },
      ]),
    );
    const seqsOf = async (query: string) =>
      (await listLedger(params(query))).rows.map((r) => BigInt(r.seq)).filter((s) => seqs.includes(s));

    expect(await seqsOf(`q=${grant}`)).toEqual([seqs[2], seqs[0]]);
    expect(await seqsOf(`q=${user.id}`)).toEqual([seqs[1], seqs[0]]);
    // A console user's name or email, in any case, means that user's entries; wildcards are text.
    expect(await seqsOf(`q=${encodeURIComponent(user.name.toUpperCase())}`)).toEqual([seqs[1], seqs[0]]);
    expect(await seqsOf(`q=${encodeURIComponent(user.email.toUpperCase())}`)).toEqual([seqs[1], seqs[0]]);
    expect(await seqsOf(`q=${encodeURIComponent(user.email.replace(/^./, "_"))}`)).toEqual([]);
    expect(await seqsOf("q=%25")).toEqual([]);
    // Triad's own parts by the name the entries carry.
    expect(await seqsOf("q=triad")).toEqual([seqs[2]]);
    expect(await seqsOf(`q=${user.id}&area=grant`)).toEqual([seqs[0]]);
    expect(await seqsOf(`q=${grant}&actorKind=SYSTEM`)).toEqual([seqs[2]]);
    // Every area at once reads the ledger in one walk (dense matches), still newest first.
    const all = await listLedger(params(`${LEDGER_AREAS.map((a) => `area=${a}`).join("&")}&size=5`));
    expect(all.rows.map((r) => BigInt(r.seq))).toEqual(
      [...all.rows.map((r) => BigInt(r.seq))].sort((a, b) => (a < b ? 1 : -1)),
    );
    // An area alone: only its actions, newest first.
    const policy = await listLedger(params("area=policy&size=20"));
    expect(policy.rows.every((r) => r.action.startsWith("policy."))).toBe(true);
    expect(policy.rows.map((r) => BigInt(r.seq))).toContain(seqs[1]);

    // Keyset paging across the arms: one row a page, in seq order, nothing repeated.
    const first = await listLedger(params(`q=${grant}&size=1`));
    expect(first.rows.map((r) => BigInt(r.seq))).toEqual([seqs[2]]);
    const second = await listLedger(params(`q=${grant}&size=1&cursor=${first.nextCursor}`));
    expect(second.rows.map((r) => BigInt(r.seq))).toEqual([seqs[0]]);
    // The export reads the same query: newest first, hashes included.
    const exported = await readLedger(await ledgerQuery(params(`q=${grant}`)), 10);
    expect(exported.map((r) => r.seq)).toEqual([seqs[2], seqs[0]]);
    expect(exported[0].prevHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
