import { db, type Tx } from "@/lib/db";

// Who used what: the decision records folded into one row per (subject, resource) with the last
// allow, and one per (subject, UTC day) with the decisions and denies, by the decisions.use job.
// A reviewer's queue reads these instead of every decision its subjects ever had (a busy agent
// has millions; reading its 11,500 ledger entries took 290 ms cold).
//
// "AccessUseMark" is the (at, seq) of the last record folded. Records arrive in seq order: the
// ledger's chain lock, held to commit, numbers them, and `at` is stamped under that lock, so
// every record after the mark has a later (at, seq) and none can appear behind it later, except
// from the backfill, which inserts old decisions. The backfill therefore takes the same lock and
// folds what it inserts behind the mark itself (foldCtes); what lands ahead is the job's.

const USE_LOCK = 7_240_161;
const CHUNK = 20_000;
const DAY_ORIGIN = `TIMESTAMPTZ '2000-01-01 00:00:00+00'`;

/** Waits for the fold lock in the caller's transaction (the backfill). */
export async function lockAccessUse(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${USE_LOCK})`);
}

/**
 * The upserts that count the decision records of CTE `rows` (at, seq, decision, "subjectId",
 * "resourceId"), as CTEs to append to a WITH list. Each key occurs once per statement (GROUP BY).
 */
export const foldCtes = (rows: string) => `use_last AS (
    INSERT INTO "AccessUse" ("subjectId", "resourceId", "lastAllowAt")
    SELECT "subjectId", "resourceId", max(at) FROM ${rows} WHERE decision = 'ALLOW' AND "subjectId" IS NOT NULL GROUP BY 1, 2
    ON CONFLICT ("subjectId", "resourceId") DO UPDATE SET "lastAllowAt" = greatest("AccessUse"."lastAllowAt", EXCLUDED."lastAllowAt")
  ), use_daily AS (
    INSERT INTO "SubjectActivityDaily" ("subjectId", day, calls, denies)
    SELECT "subjectId", date_bin('1 day', at, ${DAY_ORIGIN}), count(*), count(*) FILTER (WHERE decision = 'DENY')
    FROM ${rows} WHERE "subjectId" IS NOT NULL GROUP BY 1, 2
    ON CONFLICT ("subjectId", day) DO UPDATE SET calls = "SubjectActivityDaily".calls + EXCLUDED.calls,
      denies = "SubjectActivityDaily".denies + EXCLUDED.denies
  )`;

/** SQL: whether the record (at, seq) is at or before the mark, i.e. folded already or never by the job. */
export const BEHIND_USE_MARK = `(at, seq) <= (SELECT m.at, m.seq FROM "AccessUseMark" m WHERE m.id = 1)`;

// Keyset order on the records' primary key (at, seq), from the mark as the table holds it (never
// a round trip through Node, whose Date parameters a non-UTC session would shift); the redundant
// `at >=` lets PostgreSQL skip the months before it. The mark moves to the last record read.
const NEXT = `WITH mark AS (
    SELECT COALESCE((SELECT m.at FROM "AccessUseMark" m WHERE m.id = 1), 'epoch'::timestamptz) AS at,
      COALESCE((SELECT m.seq FROM "AccessUseMark" m WHERE m.id = 1), 0) AS seq
  ), rows AS MATERIALIZED (
    SELECT d.at, d.seq, d.decision, d."subjectId", d."resourceId" FROM "DecisionRecord" d, mark
    WHERE d.at >= mark.at AND (d.at, d.seq) > (mark.at, mark.seq) ORDER BY d.at, d.seq LIMIT ${CHUNK}
  ), last AS (
    SELECT at, seq FROM rows ORDER BY at DESC, seq DESC LIMIT 1
  ), moved AS (
    INSERT INTO "AccessUseMark" (id, seq, at) SELECT 1, seq, at FROM last
    ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, at = EXCLUDED.at
  ), ${foldCtes("rows")}
  SELECT count(*)::int AS n FROM rows`;

async function foldChunk(): Promise<number | null> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
        `SELECT pg_try_advisory_xact_lock(${USE_LOCK}) AS ok`,
      );
      // Another folder is at it (another replica, or a backfill): it reads what this one would.
      if (!lock?.ok) return null;
      const [r] = await tx.$queryRawUnsafe<{ n: number }[]>(NEXT);
      return r.n;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/** Folds the decision records after the mark, CHUNK per transaction; returns how many (the job). */
export async function foldAccessUse(maxRows = 2_000_000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await foldChunk();
    if (n === null) return total;
    total += n;
    if (n < CHUNK || total >= maxRows) return total;
  }
}
