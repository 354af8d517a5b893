// `npm run bench:requests`: the request area's figures on the database of TRIAD_DATA_DIR /
// TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL).
// 1. The "To approve" inbox (page 1 and the sidebar count) for an approver with 500 pending
//    requests: p50/p95 ms.
// 2. BENCH_GRANTS (default 100,000) grants expiring in the same minute, each with its own
//    timer job, spread over BENCH_HOLDERS (default 1,000) people, processed by the job runner
//    while the decision path (evaluateAndLog: PDP + ledger group commit, in process) takes
//    BENCH_RPS (default 500) decisions a second about BENCH_SUBJECTS (default 2,000) others:
//    time to end them all (and to chain their ledger entries), decision p50/p99 quiet vs
//    during, and CPU: this process's (decisions + expiry) and the embedded PostgreSQL's,
//    quiet vs during, so the expiry's own cost shows even on a busy machine.
// Prints KEY=value lines.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const GRANTS = Number(process.env.BENCH_GRANTS ?? 100_000);
const RPS = Number(process.env.BENCH_RPS ?? 500);
const PENDING = Number(process.env.BENCH_PENDING ?? 500);
const HOLDERS = Number(process.env.BENCH_HOLDERS ?? 1_000);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 2_000);

/** CPU ms (user + system) of the embedded PostgreSQL's processes so far, or NaN when not embedded. */
function postgresCpuMs(): number {
  try {
    const pgdata = path.join(process.env.TRIAD_DATA_DIR ?? ".triad", "pgdata");
    const postmaster = readFileSync(path.join(pgdata, "postmaster.pid"), "utf8").split("\n")[0].trim();
    const tick = 10; // ms per clock tick (USER_HZ 100)
    let ms = 0;
    for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        // fields after the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14);
        // the postmaster's cutime/cstime hold the CPU of backends that have exited.
        if (pid === postmaster) ms += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
        else if (f[1] === postmaster) ms += (Number(f[11]) + Number(f[12])) * tick;
      } catch {
        // a process that ended meanwhile
      }
    }
    return ms;
  } catch {
    return NaN;
  }
}

const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  ensureAuthSecret();
  const database = await ensureDatabase();
  process.env.DATABASE_URL = database.url;
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { db } = await import("../lib/db");
  const { ensureStarterPolicies } = await import("../lib/policy/starter");
  const { listToApprove, requestCounts, toApproveTable } = await import("../lib/requests/queries");
  const { parseTableParams } = await import("../lib/table/search-params");
  const { evaluateAndLog } = await import("../lib/decisions/evaluate");
  const { startJobRunner, stopJobRunner } = await import("../lib/jobs/runner");
  const { startChangeListener, stopChangeListener } = await import("../lib/changes/listen");
  const { createCheckpoint } = await import("../lib/ledger/checkpoint");
  await ensureStarterPolicies();
  // As `npm start` does: with changes heard, cached subjects live until a change (not 500 ms).
  await startChangeListener();
  const stamp = Date.now().toString(36);

  // ── 1. inbox ──
  const mk = (name: string) =>
    db.actor.create({
      data: {
        kind: "HUMAN",
        displayName: name,
        externalId: `bench-${name}-${stamp}`,
        sourceSystem: "bench",
        human: { create: { email: `${name}-${stamp}@bench.example`, department: "Bench", title: "Bench" } },
      },
    });
  const approver = await mk("approver");
  const requester = await mk("requester");
  const resource = await db.resource.create({
    data: {
      name: `bench-app-${stamp}`,
      kind: "APPLICATION",
      externalId: `bench-app-${stamp}`,
      sourceSystem: "bench",
    },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: `bench-role-${stamp}` } });
  await db.$executeRaw`
    WITH r AS (
      INSERT INTO "AccessRequest" (id, "requesterId", "subjectId", "entitlementId", justification, "durationMinutes", status, "createdAt")
      SELECT gen_random_uuid(), ${requester.id}::uuid, ${requester.id}::uuid, ${ent.id}::uuid, 'bench', 60, 'PENDING', now() - (g || ' seconds')::interval
      FROM generate_series(1, ${PENDING}) g RETURNING id, "createdAt"),
    s AS (
      INSERT INTO "RequestStage" (id, "requestId", position, mode, status) SELECT gen_random_uuid(), r.id, 1, 'ANY', 'OPEN' FROM r RETURNING id, "requestId")
    INSERT INTO "RequestApprover" ("stageId", "requestId", "approverId", role, open, "createdAt")
    SELECT s.id, s."requestId", ${approver.id}::uuid, 'MANAGER', true, r."createdAt" FROM s JOIN r ON r.id = s."requestId"`;
  await db.$executeRawUnsafe(`ANALYZE "RequestApprover"`);
  console.log(`INBOX_PENDING=${PENDING}`);
  console.log(`REQUEST_APPROVER_ROWS=${await db.requestApprover.count()}`);
  for (const [name, fn] of [
    ["INBOX_PAGE1", () => listToApprove(approver.id, parseTableParams({}, toApproveTable))],
    ["INBOX_PAGE20", () => listToApprove(approver.id, parseTableParams({ page: "20" }, toApproveTable))],
    ["SIDEBAR_COUNTS", () => requestCounts(approver.id)],
  ] as const) {
    await fn();
    const samples: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    console.log(`${name}_P50_MS=${pct(samples, 50).toFixed(1)}`);
    console.log(`${name}_P95_MS=${pct(samples, 95).toFixed(1)}`);
  }

  // ── 2. decisions while 100,000 grants expire ──
  // People with a grant each, the decisions' subjects: enough that the decision path's cache
  // matters (a cache dropped at every expiry batch makes most decisions re-read their subject).
  const people = async (role: string, n: number) =>
    (
      await db.$queryRaw<Array<{ id: string }>>`
        WITH a AS (
          INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem")
          SELECT gen_random_uuid(), 'HUMAN', ${role} || ' ' || g, 'bench-' || ${role} || '-' || ${stamp} || '-' || g, 'bench'
          FROM generate_series(1, ${n}) g RETURNING id, "externalId"),
        h AS (
          INSERT INTO "HumanProfile" ("actorId", email, department, title)
          SELECT id, "externalId" || '@bench.example', 'Bench', 'Bench' FROM a)
        SELECT id::text AS id FROM a`
    ).map((r) => r.id);
  const readers = await people("reader", SUBJECTS);
  await db.$executeRaw`
    INSERT INTO "Grant" (id, "actorId", "entitlementId", source, status, "grantedAt")
    SELECT gen_random_uuid(), r::uuid, ${ent.id}::uuid, 'IMPORT', 'ACTIVE', now() FROM unnest(${readers}::text[]) r`;
  let next = 0;
  const caller = { id: "bench", name: "bench" };
  // A decision that fails (the ledger write timed out: it is denied) counts as an error, not a crash.
  let errors = 0;
  const decideOnce = async () => {
    const t = performance.now();
    await evaluateAndLog(caller, {
      subject: { type: "human", id: readers[next++ % readers.length] },
      action: { name: "readData" },
      resource: { type: "entitlement", id: ent.id },
    }).catch(() => void errors++);
    return performance.now() - t;
  };
  /** Latencies (ms) of decisions sent at RPS for `seconds` or until `until`; `sentBefore` keeps those sent before a time. */
  async function load(seconds: number, until?: () => boolean, sentBefore?: () => number): Promise<number[]> {
    const samples: Array<[number, number]> = [];
    const inflight: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    while (performance.now() - start < seconds * 1000 && !(until?.() ?? false)) {
      const due = Math.floor(((performance.now() - start) / 1000) * RPS);
      while (sent < due) {
        sent++;
        const at = performance.now();
        inflight.push(decideOnce().then((ms) => void samples.push([at, ms])));
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(inflight);
    const end = sentBefore?.() ?? Number.POSITIVE_INFINITY;
    return samples.filter(([at]) => at <= end).map(([, ms]) => ms);
  }
  // The cron's checkpoint (every 5 minutes) verifies the entries since the last one. Sign one now,
  // so that one falling in the busy window verifies this run's entries, as in steady operation,
  // and not everything a bench database ever held.
  console.log(`LEDGER_CHECKPOINT_VERIFIED=${(await createCheckpoint()).verified}`);
  // Warm: every subject decided once (cached), as in steady operation.
  await load(Math.max(2, Math.ceil(SUBJECTS / RPS) + 1));
  const quietCpu0 = { node: nodeCpuMs(), pg: postgresCpuMs(), t: performance.now() };
  // The event loop's delay (this process runs the decisions and the expiry, as `npm start` does).
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const quiet = await load(8);
  const quietLag = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
  const quietCpu = {
    node: nodeCpuMs() - quietCpu0.node,
    pg: postgresCpuMs() - quietCpu0.pg,
    s: (performance.now() - quietCpu0.t) / 1000,
  };
  console.log(`DECISION_RPS=${RPS}`);
  console.log(`DECISION_QUIET_P50_MS=${pct(quiet, 50).toFixed(1)}`);
  console.log(`DECISION_QUIET_P99_MS=${pct(quiet, 99).toFixed(1)}`);
  console.log(`EVENT_LOOP_DELAY_QUIET_P99_MS=${quietLag.p99.toFixed(1)} MAX_MS=${quietLag.max.toFixed(1)}`);

  const holders = await people("holder", HOLDERS);
  const expiresAt = new Date(Date.now() + 15_000);
  const t0 = performance.now();
  await db.$executeRaw`
    INSERT INTO "Grant" (id, "actorId", "entitlementId", source, status, "grantedAt", "expiresAt")
    SELECT gen_random_uuid(), (${holders}::uuid[])[1 + g % ${HOLDERS}], ${ent.id}::uuid, 'JIT', 'ACTIVE', now(), ${expiresAt}::timestamptz
    FROM generate_series(1, ${GRANTS}) g`;
  await db.$executeRaw`
    SELECT graphile_worker.add_jobs(array_agg(ROW('grants.expire', json_build_object('grantId', id), NULL, "expiresAt", 25, 'grant-expiry:' || id, NULL, NULL)::graphile_worker.job_spec))
    FROM "Grant" WHERE "actorId" = ANY(${holders}::uuid[])`;
  console.log(`GRANTS_EXPIRING=${GRANTS} HOLDERS=${HOLDERS} DECISION_SUBJECTS=${SUBJECTS}`);
  console.log(`GRANTS_AND_JOBS_INSERT_MS=${(performance.now() - t0).toFixed(0)}`);
  await db.$executeRawUnsafe(`ANALYZE "Grant"`);
  while (Date.now() < expiresAt.getTime()) await new Promise((r) => setTimeout(r, 100));

  await startJobRunner({ concurrency: 4, pollInterval: 200 });
  const busyCpu0 = { node: nodeCpuMs(), pg: postgresCpuMs() };
  const started = performance.now();
  let done = false;
  let endedMs = 0;
  const startedAt = Date.now();
  const watcher = (async () => {
    while (!done) {
      // Once a second, from the revocations (an index range): probing the grants themselves
      // walks the dead index entries of every grant already ended, and four counts a second of
      // 100,000 rows cost the database a fifth of the expiry itself. The time is the last
      // revocation's completedAt (its batch's start: exact to within a batch).
      await new Promise((r) => setTimeout(r, 1000));
      const [row] = await db.$queryRaw<Array<{ n: bigint; last: Date | null }>>`
        SELECT count(*)::bigint AS n, max("completedAt") AS last FROM "Revocation" WHERE "actorId" = ANY(${holders}::uuid[])`;
      if (Number(row.n) >= GRANTS && row.last) {
        endedMs = row.last.getTime() - startedAt;
        done = true;
      }
      if (performance.now() - started > 300_000) done = true;
    }
  })();
  lag.reset();
  // Only decisions sent while grants were still being ended count as "during" (the watcher
  // notices the end up to a second late).
  const busy = await load(
    300,
    () => done,
    () => started + (endedMs || Number.POSITIVE_INFINITY),
  );
  const busyLag = { p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 };
  lag.disable();
  await watcher;
  // Ended grants' entries are chained by the expiry itself; wait for the last of them.
  const outboxLeft = () =>
    db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*)::bigint AS n FROM "LedgerOutbox"`.then((r) =>
      Number(r[0].n),
    );
  while ((await outboxLeft()) > 0 && performance.now() - started < 300_000)
    await new Promise((r) => setTimeout(r, 250));
  const chainedMs = performance.now() - started;
  const busyCpu = {
    node: nodeCpuMs() - busyCpu0.node,
    pg: postgresCpuMs() - busyCpu0.pg,
    s: (performance.now() - started) / 1000,
  };
  await stopJobRunner();
  await stopChangeListener();
  const left = await db.grant.count({ where: { actorId: { in: holders }, status: "ACTIVE" } });
  console.log(`GRANTS_LEFT_ACTIVE=${left}`);
  console.log(`GRANTS_ALL_EXPIRED_MS=${endedMs ? endedMs.toFixed(0) : "not within 300 s"}`);
  console.log(
    `EXPIRY_REVOCATIONS=${await db.revocation.count({ where: { actorId: { in: holders }, method: "EXPIRY" } })}`,
  );
  console.log(
    `JOBS_LEFT=${(await db.$queryRaw<Array<{ n: bigint }>>`SELECT count(*)::bigint AS n FROM graphile_worker.jobs WHERE task_identifier = 'grants.expire'`)[0].n}`,
  );
  console.log(`LEDGER_ALL_CHAINED_MS=${chainedMs.toFixed(0)}`);
  console.log(`LEDGER_OUTBOX_LEFT=${await outboxLeft()}`);
  // CPU of the expiry itself: the busy window's CPU minus what the decisions cost when quiet.
  for (const k of ["node", "pg"] as const) {
    const expiry = busyCpu[k] - (quietCpu[k] / quietCpu.s) * busyCpu.s;
    console.log(`${k.toUpperCase()}_CPU_MS_PER_S_QUIET=${(quietCpu[k] / quietCpu.s).toFixed(0)}`);
    console.log(`${k.toUpperCase()}_CPU_MS_BUSY_WINDOW=${busyCpu[k].toFixed(0)}`);
    console.log(`${k.toUpperCase()}_CPU_MS_EXPIRY_EST=${expiry.toFixed(0)}`);
  }
  console.log(`DECISION_ERRORS=${errors}`);
  console.log(`DECISION_BUSY_SAMPLES=${busy.length}`);
  console.log(`DECISION_BUSY_P50_MS=${pct(busy, 50).toFixed(1)}`);
  console.log(`DECISION_BUSY_P99_MS=${pct(busy, 99).toFixed(1)}`);
  console.log(`EVENT_LOOP_DELAY_BUSY_P99_MS=${busyLag.p99.toFixed(1)} MAX_MS=${busyLag.max.toFixed(1)}`);
  console.log(`DECISION_P99_RATIO=${(pct(busy, 99) / pct(quiet, 99)).toFixed(2)}`);
  await db.$disconnect();
  await database.stop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
