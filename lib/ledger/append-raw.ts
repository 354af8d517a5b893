import { createHash } from "node:crypto";
import type pg from "pg";
import { GENESIS_HASH } from "./hash";
import { HEAD_SQL, LEDGER_LOCK_KEY, linkColumns, LOCK_SQL, type PreparedEvent } from "./append";

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

/**
 * Statements that commit with the batch's entries (none when there is nothing to write), each a
 * CTE named `name`. A `select` side (e.g. one calling graphile_worker.add_job) is referenced by
 * the main query so that PostgreSQL runs it; INSERTs always run.
 */
export type SideStatement = { name: string; sql: string; select?: boolean };
/** The linked batch a side statement belongs to: the entries' seqs (in order) and their time. */
export type LinkedBatch = { seqs: bigint[]; at: Date };
export type SideInsert = (params: Params, batch: LinkedBatch) => SideStatement[];

const STALE_HEAD = "TRH01";
// After this many optimistic tries lost to other writers (an import's drain, another replica),
// the batch takes the chain lock first and reads the head under it: four round trips, but it
// cannot lose again.
const OPTIMISTIC_TRIES = 2;

type Linked = ReturnType<typeof linkColumns>;

// A batch's statement text depends only on which side statements it carries, so each text is
// prepared once per connection (named by its hash): parsing and planning it cost as much as
// executing it for a small batch.
const names = new Map<string, string>();
function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    if (names.size >= 64) names.clear(); // a guard: the texts are a handful of shapes
    name = `triad_append_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

function statement(sides: SideInsert[], head: Head, at: Date, linked: Linked) {
  const params = new Params();
  const ctes = sides.flatMap((side) => side(params, { seqs: linked.seqs, at }));
  const forced = ctes.filter((c) => c.select).map((c) => `(SELECT count(*) FROM ${c.name})`);
  const call =
    `SELECT triad_ledger_append(${params.add(head.seq)}::bigint, ${params.add(head.hash)}, ${params.add(at)}::timestamptz, ${linked.cols.map((c) => `${params.add(c)}::text[]`).join(", ")})` +
    (forced.length ? ` WHERE ${forced.join(" + ")} >= 0` : "");
  const text = ctes.length ? `WITH ${ctes.map((c) => `${c.name} AS (${c.sql})`).join(", ")} ${call}` : call;
  return { name: nameOf(text), text, values: params.values };
}

async function appendUnderLock(
  pool: pg.Pool,
  events: PreparedEvent[],
  sides: SideInsert[],
): Promise<{ seqs: bigint[]; head: Head }> {
  const connection = await pool.connect();
  try {
    await connection.query("BEGIN");
    await connection.query(LOCK_SQL, [LEDGER_LOCK_KEY]);
    const { rows } = await connection.query<Head>(HEAD_SQL);
    const head = rows[0] ?? EMPTY_HEAD;
    const at = new Date();
    const linked = linkColumns(head, events, at);
    await connection.query(statement(sides, head, at, linked));
    await connection.query("COMMIT");
    return { seqs: linked.seqs, head: linked.last };
  } catch (error) {
    await connection.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    connection.release();
  }
}

/**
 * Sends a batch linked onto `expected`. `predicted` (known at once, before the database answers)
 * is the head the batch leaves if `expected` was right: a pipelined next batch links onto it.
 */
export function appendLinked(
  pool: pg.Pool,
  expected: Head,
  events: PreparedEvent[],
  sides: SideInsert[] = [],
  /** A pipelined batch that overtook its predecessor waits for it before re-linking. */
  predecessor: Promise<Head | null> = Promise.resolve(null),
): { predicted: Head; result: Promise<{ seqs: bigint[]; head: Head }> } {
  const firstAt = new Date();
  const first = linkColumns(expected, events, firstAt);
  const result = (async () => {
    let head = expected;
    let at = firstAt;
    let linked = first;
    for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
      try {
        await pool.query(statement(sides, head, at, linked));
        return { seqs: linked.seqs, head: linked.last };
      } catch (error) {
        const e = error as { code?: string; message?: string };
        if (e.code !== STALE_HEAD) throw error;
        const [seq, hash] = (e.message ?? "").split(":");
        head = { seq, hash };
        const before = await predecessor;
        if (before && BigInt(before.seq) > BigInt(head.seq)) head = before;
        at = new Date();
        linked = linkColumns(head, events, at);
      }
    }
    return appendUnderLock(pool, events, sides);
  })();
  return { predicted: first.last, result };
}
