import { db } from "@/lib/db";
import { BEHIND_USE_MARK, foldCtes, lockAccessUse } from "./access-use";
import { markDailyStale } from "./rollup-daily";

// Projects decision.evaluated ledger entries that have no decision record yet (decisions logged
// before the explorer existed, or written straight to the ledger by the demo seed) into
// "DecisionRecord" and the hourly roll-up. Idempotent; what the ledger did not keep (trace,
// entities, engine) stays empty.

const SQL = `WITH src AS (
    SELECT e.seq, e.at, e.actor, e."actorName", e.details::jsonb AS d FROM "LogEntry" e
    WHERE e.action = 'decision.evaluated' AND e.seq > $1
      AND NOT EXISTS (SELECT 1 FROM "DecisionRecord" r WHERE r.seq = e.seq AND r.at BETWEEN e.at - interval '10 minutes' AND e.at + interval '10 minutes')
    ORDER BY e.seq LIMIT $2
  ), ins AS (
    INSERT INTO "DecisionRecord" (seq, at, decision, "subjectKind", "subjectId", "subjectName", "subjectRef", "onBehalfOfId", action, "resourceType", "resourceId", privileged, policies, "policyVersion", "clientId", "clientName", reason, request, response, engine)
    SELECT seq, at, COALESCE(d->>'decision', 'DENY'), COALESCE(d->'subject'->>'kind', upper(d->'subject'->>'type'), 'HUMAN'), d->'subject'->>'actorId', d->'subject'->>'name',
      COALESCE(d->'subject'->>'type', '?') || ':' || COALESCE(d->'subject'->>'id', '?'), d->'onBehalfOf'->>'id', COALESCE(d->>'action', ''),
      lower(COALESCE(d->'resource'->>'type', '')), COALESCE(d->'resource'->>'id', ''), false,
      ARRAY(SELECT jsonb_array_elements_text(COALESCE(d->'policies', '[]'::jsonb))), COALESCE(d->>'policyVersion', ''), actor, COALESCE(d->>'client', "actorName", actor), COALESCE(d->>'reason', ''),
      jsonb_build_object('subject', jsonb_build_object('type', d->'subject'->'type', 'id', d->'subject'->'id'), 'action', jsonb_build_object('name', d->'action'), 'resource', jsonb_build_object('type', d->'resource'->'type', 'id', d->'resource'->'id'), 'context', d->'context'),
      jsonb_build_object('decision', d->>'decision' = 'ALLOW', 'context', jsonb_build_object('reason_admin', jsonb_build_object('en', d->'reason'), 'policies', d->'policies', 'policy_set_version', d->'policyVersion')),
      'unknown (backfilled from the ledger)'
    FROM src
    RETURNING at, decision, "subjectKind", action, "resourceType", "clientName", COALESCE(policies[1], '') AS policy, seq, "subjectId", "resourceId"
  ), behind AS (
    -- Records behind the use roll-up's mark are never read by its job: counted here.
    SELECT * FROM ins WHERE ${BEHIND_USE_MARK}
  ), ${foldCtes("behind")}, roll AS (
    INSERT INTO "DecisionHourly" (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count)
    SELECT date_trunc('hour', at), decision, "subjectKind", action, "resourceType", "clientName", policy, count(*) FROM ins GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (hour, decision, "subjectKind", action, "resourceType", "clientName", policy) DO UPDATE SET count = "DecisionHourly".count + EXCLUDED.count
  )
  SELECT count(*)::int AS n, COALESCE(max(seq), 0)::text AS last, min(at) AS first FROM ins`;

/** Backfills in batches; returns how many records it wrote. */
export async function backfillDecisionRecords(batch = 5_000): Promise<number> {
  let after = "0";
  let total = 0;
  let first: Date | null = null;
  for (;;) {
    // Under the use roll-up's lock, so that its job cannot move the mark past these records
    // between this statement's look at the mark and its commit.
    const [r] = await db.$transaction(
      async (tx) => {
        await lockAccessUse(tx);
        return tx.$queryRawUnsafe<{ n: number; last: string; first: Date | null }[]>(SQL, after, batch);
      },
      { timeout: 120_000, maxWait: 10_000 },
    );
    total += r.n;
    if (r.first && (!first || r.first < first)) first = r.first;
    if (r.n < batch) break;
    after = r.last;
  }
  // Past hours changed: the daily roll-up refolds from the earliest of them.
  if (first) await markDailyStale(first);
  return total;
}
