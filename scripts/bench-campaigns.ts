// `npm run bench:campaigns`: certification campaigns at scale, on the database of
// TRIAD_DATA_DIR / TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL). Creates (once) 20,000 people in
// department "Bench" with 5 grants each (100,000 grants), 1,000 managers, and one manager with
// 400 reports (2,000 items), then measures:
//   - launching a manager campaign of 100,000 review items (target ≤ 10 s);
//   - that manager's reviewer queue with decision support, p50/p95 (target p95 ≤ 100 ms);
//   - bulk-deciding 500 items, ACCEPT and REVOKE (target ≤ 2 s each).
// Prints KEY=value lines and the machine's load average.
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { dataDir, ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 20_000);
const SOURCE = "bench-campaigns";

/** CPU seconds of one process from /proc: its own, plus its reaped children's when asked. */
function procCpu(pid: string, children = false): number {
  const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  const ticks = Number(f[11]) + Number(f[12]) + (children ? Number(f[13]) + Number(f[14]) : 0);
  return ticks / 100;
}

/**
 * CPU seconds spent by the embedded PostgreSQL (postmaster, live backends and exited ones), so a
 * figure measured on a busy machine can be compared by work done, not by wall time. Null when
 * the database is not the embedded one or /proc is not there.
 */
function pgCpu(): number | null {
  try {
    const pm = readFileSync(path.join(dataDir(), "pgdata", "postmaster.pid"), "utf8")
      .split("\n")[0]
      .trim();
    let total = procCpu(pm, true);
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1] === pm)
          total += procCpu(pid);
      } catch {
        // gone meanwhile
      }
    }
    return total;
  } catch {
    return null;
  }
}

/** Wall time and CPU (this process, and PostgreSQL's) of one operation, as KEY=value lines. */
async function measured<T>(key: string, run: () => Promise<T>): Promise<T> {
  const pg0 = pgCpu();
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const out = await run();
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const pg1 = pgCpu();
  const pgS = pg0 !== null && pg1 !== null ? ` ${key}_PG_CPU_S=${(pg1 - pg0).toFixed(2)}` : "";
  console.log(
    `${key}_MS=${ms.toFixed(0)} ${key}_NODE_CPU_S=${((cpu.user + cpu.system) / 1e6).toFixed(2)}${pgS}`,
  );
  return out;
}

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { db } = await import("../lib/db");
  const { appendLedger } = await import("../lib/ledger/append");
  const { createDefinition, launchCampaign } = await import("../lib/campaigns/generate");
  const { listMyQueue, queueTable } = await import("../lib/campaigns/queue");
  const { decideItems } = await import("../lib/campaigns/decide");
  const { defaultsFor } = await import("../lib/campaigns/schemas");
  const { systemCaller } = await import("../lib/actions/caller");
  const { parseTableParams } = await import("../lib/table/search-params");

  console.log(
    `LOADAVG_START=${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(",")} CPUS=${os.cpus().length}`,
  );
  if ((await db.actor.count({ where: { sourceSystem: SOURCE } })) === 0) {
    const t = performance.now();
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`
        CREATE TEMP TABLE bench_res ON COMMIT DROP AS SELECT gen_random_uuid() AS id, i FROM generate_series(1, 50) i;
        INSERT INTO "Resource" (id, name, kind, "externalId", "sourceSystem") SELECT id, 'bench-app-' || i, 'APPLICATION', 'bench-app-' || i, '${SOURCE}' FROM bench_res;
        INSERT INTO "Entitlement" (id, "resourceId", name, privileged) SELECT gen_random_uuid(), r.id, e.name, e.name = 'admin' FROM bench_res r CROSS JOIN (VALUES ('read'), ('write'), ('export'), ('admin')) e(name);
        CREATE TEMP TABLE bench_ent ON COMMIT DROP AS SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM "Entitlement" WHERE "resourceId" IN (SELECT id FROM bench_res);
        INSERT INTO "Team" (id, name) SELECT gen_random_uuid(), 'bench-team-' || i FROM generate_series(1, 100) i;
        CREATE TEMP TABLE bench_mgr ON COMMIT DROP AS SELECT gen_random_uuid() AS id, i FROM generate_series(0, 1000) i;
        INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", "updatedAt") SELECT id, 'HUMAN', 'Bench manager ' || i, 'bm-' || i, '${SOURCE}', now() FROM bench_mgr;
        INSERT INTO "HumanProfile" ("actorId", email, department, title) SELECT id, 'bm-' || i || '@bench.example', 'BenchManagers', 'Manager' FROM bench_mgr;
        CREATE TEMP TABLE bench_people ON COMMIT DROP AS SELECT gen_random_uuid() AS id, i FROM generate_series(0, ${PEOPLE - 1}) i;
        INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", "updatedAt", "teamId", "riskScore")
          SELECT p.id, 'HUMAN', 'Bench person ' || p.i, 'bp-' || p.i, '${SOURCE}', now(), (SELECT id FROM "Team" WHERE name = 'bench-team-' || (1 + p.i % 100)), (p.i * 37) % 100 FROM bench_people p;
        -- manager 0 ("Bench manager 0") gets 400 reports = 2,000 items; the rest are spread over 1,000 managers.
        INSERT INTO "HumanProfile" ("actorId", email, department, title, "managerId")
          SELECT p.id, 'bp-' || p.i || '@bench.example', 'Bench', 'Engineer', (SELECT id FROM bench_mgr WHERE i = CASE WHEN p.i < 400 THEN 0 ELSE 1 + p.i % 1000 END) FROM bench_people p;
        INSERT INTO "Grant" (id, "actorId", "entitlementId", source, "grantedAt")
          SELECT gen_random_uuid(), p.id, e.id, 'REQUEST', now() - make_interval(days => (p.i + k) % 400)
          FROM bench_people p CROSS JOIN generate_series(0, 4) k JOIN bench_ent e ON e.n = (p.i * 7 + k * 41) % 200;
      `);
        // Decision-log history for the big manager's reports, so "last use" reads real entries.
        const reports = await tx.$queryRaw<Array<{ actorId: string; entitlementId: string }>>`
        SELECT g."actorId"::text AS "actorId", g."entitlementId"::text AS "entitlementId" FROM "Grant" g JOIN "HumanProfile" hp ON hp."actorId" = g."actorId"
        JOIN "Actor" m ON m.id = hp."managerId" WHERE m."externalId" = 'bm-0' AND m."sourceSystem" = ${SOURCE}`;
        const events = reports.flatMap((r, i) =>
          i % 2
            ? []
            : Array.from({ length: 5 }, () => ({
                actor: { id: "bench", kind: "SYSTEM" as const, name: "bench" },
                action: "decision.evaluated" as const,
                target: `actor:${r.actorId}`,
                details: {
                  subject: { type: "user", id: r.actorId },
                  action: "read",
                  resource: { type: "entitlement", id: r.entitlementId },
                  decision: "ALLOW",
                  policies: [],
                  reason: "bench",
                },
              })),
        );
        await appendLedger(tx, events);
      },
      { timeout: 600_000 },
    );
    await db.$executeRawUnsafe(
      `ANALYZE "Actor"; ANALYZE "HumanProfile"; ANALYZE "Grant"; ANALYZE "Entitlement"; ANALYZE "LogEntry"`,
    );
    console.log(`SEED_MS=${(performance.now() - t).toFixed(0)}`);
  }
  // Each run starts from the same state: earlier bench runs' campaigns dropped, their revocations undone.
  await db.$executeRawUnsafe(`DELETE FROM "Campaign" WHERE name LIKE 'Bench 20%'`);
  await db.$executeRawUnsafe(
    `UPDATE "Grant" SET status = 'ACTIVE' WHERE status = 'REVOKED' AND "actorId" IN (SELECT id FROM "Actor" WHERE "sourceSystem" = '${SOURCE}')`,
  );
  await db.$executeRawUnsafe(`VACUUM ANALYZE "ReviewItem"`);
  const fallback = await db.actor.findFirstOrThrow({
    where: { sourceSystem: SOURCE, externalId: "bm-1000" },
  });
  const big = await db.actor.findFirstOrThrow({ where: { sourceSystem: SOURCE, externalId: "bm-0" } });
  const admin = systemCaller("bench");
  const manager = { ...systemCaller(big.displayName), actorId: big.id, isAdmin: false };

  // 1. Generation of 100,000 items.
  const base = defaultsFor("MANAGER_ACCESS");
  const settings = {
    ...base,
    fallbackReviewerId: fallback.id,
    scope: { ...base.scope, departments: ["Bench"] },
  };
  const def = await createDefinition(admin, { name: `Bench ${new Date().toISOString()}`, settings });
  const launched = await measured("GENERATE", () => launchCampaign(admin, def.id));
  console.log(`GENERATE_ITEMS=${launched.items}`);
  await db.$executeRawUnsafe(`ANALYZE "ReviewItem"`);

  // 2. The big manager's queue (2,000 items in this campaign), page 1 with decision support.
  const params = parseTableParams({ campaign: launched.id }, queueTable);
  const first = await listMyQueue(big.id, params);
  console.log(`QUEUE_ITEMS=${first.total} QUEUE_PAGE_ROWS=${first.rows.length}`);
  const samples: number[] = [];
  const queueCpu0 = process.cpuUsage();
  const queuePg0 = pgCpu();
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await listMyQueue(big.id, params);
    samples.push(performance.now() - t);
  }
  const queueCpu = process.cpuUsage(queueCpu0);
  const queuePg1 = pgCpu();
  console.log(`QUEUE_P50_MS=${pct(samples, 50).toFixed(1)}`);
  console.log(`QUEUE_P95_MS=${pct(samples, 95).toFixed(1)}`);
  console.log(
    `QUEUE_NODE_CPU_MS_PER_CALL=${((queueCpu.user + queueCpu.system) / 1000 / RUNS).toFixed(1)}` +
      (queuePg0 !== null && queuePg1 !== null
        ? ` QUEUE_PG_CPU_MS_PER_CALL=${(((queuePg1 - queuePg0) * 1000) / RUNS).toFixed(1)}`
        : ""),
  );

  // 3. Bulk-decide 500 items, twice (ACCEPT, then REVOKE which ends 500 grants).
  const open = await db.reviewItem.findMany({
    where: {
      campaignId: launched.id,
      reviewerId: big.id,
      decision: null,
      grant: { entitlement: { privileged: false } },
    },
    take: 1010,
    select: { id: true },
  });
  // A warm server: one small decision of each kind first (module loading, the query compiler's
  // first plans), so the figure is the bulk decision itself.
  for (const [i, decision] of (["ACCEPT", "REVOKE"] as const).entries())
    await decideItems(manager, {
      itemIds: open.slice(1000 + i * 5, 1005 + i * 5).map((o) => o.id),
      decision,
      reason: "bench warm-up",
    });
  for (const [i, decision] of (["ACCEPT", "REVOKE"] as const).entries()) {
    const ids = open.slice(i * 500, i * 500 + 500).map((o) => o.id);
    await measured(`BULK_${decision}_${ids.length}`, () =>
      decideItems(manager, { itemIds: ids, decision, reason: "bench bulk decision" }),
    );
  }
  console.log(
    `LOADAVG_END=${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(",")}`,
  );
  await db.$disconnect();
  await database.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
