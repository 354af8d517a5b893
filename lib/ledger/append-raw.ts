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
 * The batch a side statement belongs to: `seqOf(i)` is the SQL for the seq of the batch's i-th
 * entry, where `i` is an SQL integer expression (0-based); `at` is the entries' time.
 */
export type LinkedBatch = { seqOf: (i: string) => string; at: Date };
export type SideInsert = (params: Params, batch: LinkedBatch) => SideStatement[];

const FIRST_SEQ = `(SELECT first FROM appended)`;
const batchOf = (at: Date): LinkedBatch => ({ seqOf: (i) => `(${FIRST_SEQ} + (${i}))`, at });

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
 * `SELECT triad_ledger_link(…) AS first`: the call that links and inserts `events` under the
 * chain lock, in the database, and answers the first entry's seq. Every writer appends this way.
 */
export function linkCall(params: Params, events: PreparedEvent[], at: Date): string {
  const column = (pick: (e: PreparedEvent) => string | null) => `${params.add(events.map(pick))}::text[]`;
  return `SELECT triad_ledger_link(${params.add(at.toISOString())}, ${[
    column((e) => e.body.head),
    column((e) => e.body.tail),
    column((e) => e.body.target),
    column((e) => e.actor),
    column((e) => e.kind),
    column((e) => e.name),
    column((e) => e.action),
    column((e) => e.target),
    column((e) => e.details),
  ].join(", ")}) AS first`;
}

function statement(events: PreparedEvent[], sides: SideInsert[], at: Date) {
  const params = new Params();
  const link = linkCall(params, events, at);
  const batch = batchOf(at);
  const ctes = [
    { name: "appended", sql: link, materialized: true },
    ...sides.flatMap((side) => side(params, batch)),
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
  at = new Date(),
): Promise<bigint[]> {
  if (events.length === 0) return [];
  const { rows } = await db.query<{ first: string }>(statement(events, sides, at));
  const first = BigInt(rows[0].first);
  return events.map((_, i) => first + BigInt(i));
}
