import type { PoolClient } from "pg";
import { pool } from "@/lib/db/pool";
import type { DecisionFilter } from "./filter";

// The daily roll-up: closed UTC days of "DecisionHourly" folded into "DecisionDaily" by the
// decisions.rollup job, so that facets and the timeline over long windows read ~30× fewer rows
// (a cold 30-day facet query read 300k+ hourly rows). "DecisionRollupMark".through says how far
// the fold is complete; reads use daily rows only before it and hourly rows for the rest.

const DAY_MS = 86_400_000;
const FOLD_LOCK = 7_240_151;
const FOLD_MARGIN_MS = 3_600_000;
const COLUMNS = `decision, "subjectKind", action, "resourceType", "clientName", policy`;

const floorDay = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/** Folds every closed day since the mark (or since the first hourly row) and moves the mark. */
export async function foldDailyRollup(now = new Date()): Promise<{ days: number; through: Date | null }> {
  // A day is folded an hour after it ends: a decision is counted in the hour of its `at`, which a
  // replica's clock sets, so a late or skewed write into a folded day would be missed for good.
  // An hour of margin costs reads only a day's worth of extra hourly rows.
  const until = new Date(floorDay(now.getTime() - FOLD_MARGIN_MS));
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL statement_timeout = '10min'");
    // One folder at a time across replicas; a second one finds the mark moved and does nothing.
    await client.query("SELECT pg_advisory_xact_lock($1)", [FOLD_LOCK]);
    const { rows } = await client.query<{ start: Date | null }>(
      `SELECT COALESCE((SELECT through FROM "DecisionRollupMark" WHERE id = 1),
         (SELECT date_bin('1 day', min(hour), TIMESTAMPTZ '2000-01-01') FROM "DecisionHourly")) AS start`,
    );
    const start = rows[0]?.start ?? null;
    if (!start || start >= until) {
      await client.query("COMMIT");
      return { days: 0, through: start };
    }
    await client.query(`DELETE FROM "DecisionDaily" WHERE day >= $1 AND day < $2`, [start, until]);
    await client.query(
      `INSERT INTO "DecisionDaily" (day, ${COLUMNS}, count)
       SELECT date_bin('1 day', hour, TIMESTAMPTZ '2000-01-01'), ${COLUMNS}, sum(count)
       FROM "DecisionHourly" WHERE hour >= $1 AND hour < $2 GROUP BY 1, 2, 3, 4, 5, 6, 7`,
      [start, until],
    );
    await client.query(
      `INSERT INTO "DecisionRollupMark" (id, through) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET through = EXCLUDED.through`,
      [until],
    );
    await client.query("COMMIT");
    return { days: Math.round((until.getTime() - start.getTime()) / DAY_MS), through: until };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Hours from `from` on changed after they were folded (a backfill): refold from that day. */
export async function markDailyStale(from: Date): Promise<void> {
  await pool().query(`UPDATE "DecisionRollupMark" SET through = LEAST(through, $1) WHERE id = 1`, [
    new Date(floorDay(from.getTime())),
  ]);
}

/**
 * The roll-up rows a window needs, as a FROM item aliased `h` with the hourly table's columns:
 * daily rows for the whole folded days inside the window, hourly rows for its ragged ends and
 * for what is not folded yet. Only when `daily` is allowed (the caller's buckets are whole days
 * or it sums over the window); otherwise, or when no whole folded day is inside, the hourly table.
 * `p` adds a parameter to the caller's statement.
 */
export async function rollupSource(
  client: PoolClient,
  filter: DecisionFilter,
  daily: boolean,
  p: (v: unknown) => string,
): Promise<string> {
  const HOURLY = `"DecisionHourly" h`;
  if (!daily || filter.to.getTime() - filter.from.getTime() < 2 * DAY_MS) return HOURLY;
  const { rows } = await client.query<{ through: Date }>(
    `SELECT through FROM "DecisionRollupMark" WHERE id = 1`,
  );
  const through = rows[0]?.through;
  if (!through) return HOURLY;
  const dayFrom = floorDay(filter.from.getTime() + DAY_MS - 1);
  const dayTo = Math.min(floorDay(filter.to.getTime()), through.getTime());
  if (dayFrom >= dayTo) return HOURLY;
  const a = p(new Date(dayFrom));
  const b = p(new Date(dayTo));
  const cols = `${COLUMNS}, count`;
  return `(SELECT day AS hour, ${cols} FROM "DecisionDaily" WHERE day >= ${a} AND day < ${b}
    UNION ALL SELECT hour, ${cols} FROM "DecisionHourly" WHERE hour < ${a}
    UNION ALL SELECT hour, ${cols} FROM "DecisionHourly" WHERE hour >= ${b}) h`;
}
