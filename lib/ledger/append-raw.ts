import type pg from "pg";
import { GENESIS_HASH } from "./hash";
import { linkColumns, type PreparedEvent } from "./append";

// The decision API's append: ONE statement per batch on a plain `pg` connection, no BEGIN/COMMIT
// round trips. The entries are linked in JavaScript onto the head the writer expects (its own
// last append, usually right) and the database function triad_ledger_append takes the chain
// lock, compares the head and inserts; when another writer came first it answers with the real
// head and the batch is re-linked (only SHA-256 again: the canonical JSON was prepared once).
// Rows that must commit with the entries ride in the same statement as data-modifying CTEs.

export type Head = { seq: string; hash: string };
export const EMPTY_HEAD: Head = { seq: "0", hash: GENESIS_HASH };

/** Placeholders for one statement's parameters. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** An INSERT that commits with the batch's entries (or null when it has nothing to insert). */
export type SideInsert = (params: Params) => string | null;

const STALE_HEAD = "TRH01";
const MAX_RELINKS = 5;

/**
 * Sends a batch linked onto `expected`. `predicted` (known at once, before the database answers)
 * is the head the batch leaves if `expected` was right: a pipelined next batch links onto it.
 */
export function appendLinked(
  client: pg.Pool | pg.Client | pg.PoolClient,
  expected: Head,
  events: PreparedEvent[],
  sides: SideInsert[] = [],
): { predicted: Head; result: Promise<{ seqs: bigint[]; head: Head }> } {
  const send = async (head: Head, at: Date, linked: ReturnType<typeof linkColumns>) => {
    const params = new Params();
    const ctes = sides.map((side) => side(params)).filter((sql): sql is string => sql !== null);
    const call = `SELECT triad_ledger_append(${params.add(head.seq)}::bigint, ${params.add(head.hash)}, ${params.add(at)}::timestamptz, ${linked.cols.map((c) => `${params.add(c)}::text[]`).join(", ")})`;
    await client.query(ctes.length ? `WITH ${ctes.map((sql, i) => `side${i} AS (${sql})`).join(", ")} ${call}` : call, params.values);
  };
  const firstAt = new Date();
  const first = linkColumns(expected, events, firstAt);
  const result = (async () => {
    let head = expected;
    let at = firstAt;
    let linked = first;
    for (let attempt = 0; ; attempt++) {
      try {
        await send(head, at, linked);
        return { seqs: linked.seqs, head: linked.last };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        if (e.code !== STALE_HEAD || attempt >= MAX_RELINKS) throw error;
        const [seq, hash] = (e.message ?? "").split(":");
        head = { seq, hash };
        at = new Date();
        linked = linkColumns(head, events, at);
      }
    }
  })();
  return { predicted: first.last, result };
}
