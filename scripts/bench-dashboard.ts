// `npm run bench:dashboard`: how long the dashboard's queries take at 1,000,000 NHIs.
// Uses the embedded database of TRIAD_DATA_DIR / TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL), so
// point it at a scratch folder: TRIAD_DATA_DIR=.triad/bench TRIAD_EMBEDDED_PG_PORT=54421.
// When the database holds fewer than BENCH_NHIS NHIs it bulk-inserts the difference with one
// set-based INSERT … SELECT generate_series (plus 20,000 humans and 500 agents), then VACUUM ANALYZEs.
// Prints KEY=value lines: p50/p95 in ms per query and for the whole dashboard, and the same
// for a naive exact GROUP BY, for comparison; then MYWORK_<CARD>_P95_MS for every "My work"
// card of a manager with 2,000 reports' grants, 500 pending approvals and 2,000 review items
// (scripts/lib/bench-my-work.ts; BENCH_MY_WORK=0 skips it).
import { performance } from "node:perf_hooks";
import { ensureDatabase } from "./lib/runtime";
import { benchMyWork } from "./lib/bench-my-work";

const BENCH_NHIS = Number(process.env.BENCH_NHIS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(name: string, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm up
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  console.log(`${name}_P50_MS=${pct(samples, 50).toFixed(1)}`);
  console.log(`${name}_P95_MS=${pct(samples, 95).toFixed(1)}`);
}

async function main() {
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { db } = await import("../lib/db");

  const have = await db.actor.count({ where: { kind: "NHI" } });
  if (have < BENCH_NHIS) {
    const add = BENCH_NHIS - have;
    console.log(`# inserting ${add} NHIs, 20000 humans and 500 agents (one-off; about a minute)`);
    const t = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`
          WITH a AS (
            INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, environment, "riskScore", "createdAt", "updatedAt")
            SELECT gen_random_uuid(), 'NHI', 'bench-nhi-' || g, 'bench-nhi-' || g || '-' || floor(random() * 1e9)::bigint, 'bench',
                   (CASE WHEN g % 50 = 0 THEN 'SUSPENDED' WHEN g % 97 = 0 THEN 'RETIRED' ELSE 'ACTIVE' END)::"ActorStatus",
                   'PRODUCTION', (g % 100), now() - (g % 1000) * interval '1 hour', now()
            FROM generate_series(1, ${add}) AS g
            RETURNING id, "displayName")
          INSERT INTO "NhiProfile" ("actorId", "nhiType", platform, "claimStatus")
          SELECT id,
                 (ARRAY['SERVICE_ACCOUNT','API_KEY','OAUTH_APP','CICD_TOKEN','WORKLOAD_IDENTITY','BOT','SSH_KEY','CERTIFICATE'])[1 + (hashtext("displayName") & 7)]::"NhiType",
                 (ARRAY['AWS','GCP','Azure','GitHub','Kubernetes','Salesforce','Slack','Okta','Snowflake','Datadog'])[1 + ((hashtext("displayName") >> 3) & 1023) % 10],
                 (ARRAY['OWNED','OWNED','OWNED','OWNED','OWNED','OWNED','UNCLAIMED','UNCLAIMED','ORPHANED','CLAIM_PENDING'])[1 + ((hashtext("displayName") >> 13) & 1023) % 10]::"ClaimStatus"
          FROM a`);
        await tx.$executeRawUnsafe(`
          INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "updatedAt")
          SELECT gen_random_uuid(), (CASE WHEN g <= 20000 THEN 'HUMAN' ELSE 'AGENT' END)::"ActorKind", 'bench-actor-' || g,
                 'bench-actor-' || g || '-' || floor(random() * 1e9)::bigint, 'bench',
                 (CASE WHEN g % 40 = 0 THEN 'OFFBOARDING' ELSE 'ACTIVE' END)::"ActorStatus", now()
          FROM generate_series(1, 20500) AS g`);
      },
      { timeout: 30 * 60_000 },
    );
    // Steady state of a live database: autovacuum has set the visibility map (index-only scans).
    await db.$executeRawUnsafe(`VACUUM ANALYZE "Actor"`);
    await db.$executeRawUnsafe(`VACUUM ANALYZE "NhiProfile"`);
    console.log(`# inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  const ledgerHead = await db.logEntry.count();
  if (ledgerHead < 2000) {
    const { appendLedger, SYSTEM_ACTOR } = await import("../lib/ledger/append");
    for (let i = 0; i < 4; i++) {
      await db.$transaction((tx) =>
        appendLedger(
          tx,
          Array.from({ length: 500 }, (_, j) => ({
            actor: SYSTEM_ACTOR,
            action: "bench.appended",
            target: `bench:${i * 500 + j}`,
          })),
        ),
      );
    }
  }

  const nhis = await db.actor.count({ where: { kind: "NHI" } });
  console.log(`NHIS=${nhis}`);
  console.log(`RUNS=${RUNS}`);
  const q = await import("../lib/dashboard/queries");
  await time("ACTOR_SUMMARY", q.getActorSummary);
  await time("CLAIM_SUMMARY", q.getClaimSummary);
  await time("PLATFORM_SUMMARY", q.getPlatformSummary);
  await time("LEDGER_SUMMARY", () => q.getLedgerSummary());
  await time("LEDGER_INTEGRITY", () => q.getLedgerIntegrity());
  await time("DASHBOARD", q.getDashboard);
  // For comparison: what exact grouped counts would cost.
  await time("NAIVE_EXACT_GROUPBY", () =>
    Promise.all([
      db.actor.groupBy({ by: ["kind", "status"], _count: { _all: true } }),
      db.nhiProfile.groupBy({ by: ["platform"], _count: { _all: true } }),
      db.nhiProfile.groupBy({ by: ["claimStatus"], _count: { _all: true } }),
    ]),
  );
  const summary = await q.getActorSummary();
  console.log(
    `NHI_TOTAL_SHOWN=${summary.NHI.total.count}${summary.NHI.total.estimated ? " (estimated)" : ""}`,
  );
  console.log(
    `HUMAN_TOTAL_SHOWN=${summary.HUMAN.total.count}${summary.HUMAN.total.estimated ? " (estimated)" : ""}`,
  );
  // "My work" for a manager with 2,000 reports' grants, 500 approvals, 2,000 review items: p95 per card.
  if (process.env.BENCH_MY_WORK !== "0") await benchMyWork(time);
  await db.$disconnect();
  await database.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
