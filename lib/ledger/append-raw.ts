import { createHash } from "node:crypto";
import type pg from "pg";
import type { PreparedEvent } from "./append";

// The decision API's append: ONE statement per batch on a plain `pg` connection, no BEGIN/COMMIT
// round trips. The entries are prepared here (canonical JSON, the costly part) and linked in the
// database: triad_ledger_link takes the chain lock, numbers them after the head it finds and
// hashes each onto the one before (migration 20261130160100_ledger_link_in_database). No guess of
// the head can go stale, so other writers (an outbox drain, the console, another replica) never
// cost this path a retry. Rows that must commit with the entries ride in the same statement as
// data-modifying CTEs, and read the entries' seqs from the `appended` CTE.

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
/**
 * The batch a side statement belongs to, as SQL: `seqOf(i)` is the seq of the batch's i-th entry
 * (`i` an SQL integer expression, 0-based) and `at` the entries' time, both set by the database
 * under the chain lock.
 */
export type LinkedBatch = { seqOf: (i: string) => string; at: string };
export type SideInsert = (params: Params, batch: LinkedBatch) => SideStatement[];

const BATCH: LinkedBatch = {
  seqOf: (i) => `((SELECT first FROM appended) + (${i}))`,
  at: `(SELECT at FROM appended)`,
};

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

/**
 * `triad_ledger_link(…)`: the call that stamps, links and inserts `events` under the chain lock,
 * in the database; its row is (first, at): the first entry's seq and the entries' time. Every
 * writer appends this way.
 */
export function linkCall(params: Params, events: PreparedEvent[]): string {
  const column = (pick: (e: PreparedEvent) => string | null) => `${params.add(events.map(pick))}::text[]`;
  return `triad_ledger_link(${[
    column((e) => e.body.head),
    column((e) => e.body.tail),
    column((e) => e.body.target),
    column((e) => e.actor),
    column((e) => e.kind),
    column((e) => e.name),
    column((e) => e.action),
    column((e) => e.target),
    // No details column: the database cuts them out of the tails (the text it hashes).
  ].join(", ")})`;
}

function statement(events: PreparedEvent[], sides: SideInsert[]) {
  const params = new Params();
  const link = `SELECT first, at FROM ${linkCall(params, events)}`;
  const ctes = [
    { name: "appended", sql: link, materialized: true },
    ...sides.flatMap((side) => side(params, BATCH)),
  ];
  const forced = ctes
    .filter((c) => "select" in c && c.select)
    .map((c) => ` + (SELECT count(*) FROM ${c.name})`);
  const text = `WITH ${ctes.map((c) => `${c.name} AS ${"materialized" in c ? "MATERIALIZED " : ""}(${c.sql})`).join(", ")} SELECT first::text AS first FROM appended${forced.length ? ` WHERE 0${forced.join("")} >= 0` : ""}`;
  return { name: nameOf(text), text, values: params.values };
}

/** Appends a batch in one statement; resolves with the entries' seqs once it committed. */
export async function appendBatch(
  db: pg.Pool | pg.ClientBase,
  events: PreparedEvent[],
  sides: SideInsert[] = [],
): Promise<bigint[]> {
  if (events.length === 0) return [];
  const { rows } = await db.query<{ first: string }>(statement(events, sides));
  const first = BigInt(rows[0].first);
  return events.map((_, i) => first + BigInt(i));
}
