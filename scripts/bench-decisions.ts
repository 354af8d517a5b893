// `npm run bench:decisions`: load test of the AuthZEN decision API on the lean server.
//  1. PDP alone: statefulIsAuthorized on the active (starter) set, p50/p99 per evaluation.
//  1b. CPU µs per phase of one decision without its I/O (parse, decide, record, canonical JSON,
//     SHA-256 link, side-insert parameters), in a child with the server's V8 flags.
//  2. autocannon against POST /__bench/noop (same server, same body) → the baseline.
//  3. autocannon against POST /access/v1/evaluation at full speed → durably logged decisions/s.
//  4. a fixed 1,000 req/s, evenly spaced (open loop: scripts/lib/paced.ts) → p50/p99 latency.
//  5. the same fixed rate while a 100,000-row NHI CSV import runs (BENCH_IMPORT_ROWS, 0 skips)
//     → p99 with bulk work going on (imports must not hold the ledger's chain lock); the
//     import child prints its own event-loop delay (IMPORT_EVENT_LOOP), which is what decisions
//     served by the same process (`npm start`) would wait out on top.
// CPU microseconds per decision of the server process and of PostgreSQL (all its processes,
// embedded database only) are read from /proc around the full-speed run; the load average is
// printed at the start and the end, since the machine may be shared.
// Runs on the embedded dev database (TRIAD_EMBEDDED_PG_PORT / TRIAD_DATA_DIR) or DATABASE_URL.
// Subjects come from the inventory (the scale seed if loaded); when the database holds fewer
// than BENCH_MIN_NHIS NHIs with grants, it adds owned NHIs with grants itself and says so.
// The server runs in a child process (`--serve`), so the load generator does not share its CPU;
// BENCH_WORKERS=2 runs it as two processes sharing the port (node:cluster), as two replicas would.
import { spawn, spawnSync } from "node:child_process";
import { monitorEventLoopDelay } from "node:perf_hooks";
import cluster from "node:cluster";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { dataDir, ensureAuthSecret, ensureDatabase } from "./lib/runtime";
import { untilPrinted } from "./lib/child";
import { pacedLoad } from "./lib/paced";
import { SERVER_V8_FLAGS } from "./lib/v8-flags";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BENCH_MIN_NHIS = Number(process.env.BENCH_MIN_NHIS ?? 20_000);
// Our assigned dev port by default; stop `npm run dev` first, or set BENCH_URL to aim at a running
// `npm start` instead of the bench's own lean server.
const PORT = Number(process.env.BENCH_PORT ?? 3104);
const TARGET = process.env.BENCH_URL;
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const IMPORT_RATE = Number(process.env.BENCH_IMPORT_RATE ?? 1000);
// Server processes sharing the port (node:cluster): does a second worker pay on this machine?
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));
// The server's V8 flags (scripts/lib/v8-flags.ts); BENCH_NODE_FLAGS="" compares without them.
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? SERVER_V8_FLAGS.join(" "))
  .split(" ")
  .filter(Boolean);

async function serve() {
  if (WORKERS > 1 && cluster.isPrimary) {
    // Each worker has its own pool, group commit, caches and change listener, as replicas do.
    let listening = 0;
    cluster.on("listening", () => ++listening === WORKERS && console.log("READY"));
    for (let i = 0; i < WORKERS; i++) cluster.fork();
    process.on("SIGTERM", () => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill("SIGTERM");
      process.exit(0);
    });
    return;
  }
  ensureAuthSecret();
  await ensureDatabase();
  const { findLeanRoute } = await import("../lib/server/lean-routes");
  // As `npm start` does: with the change listener up, cached subjects live until a change instead
  // of the 500 ms fallback (without it nearly every decision re-read its subject).
  const { startChangeListener } = await import("../lib/changes/listen");
  await startChangeListener();
  const server = createServer((req, res) => {
    const route = findLeanRoute(req.method, req.url);
    if (!route) return void res.writeHead(404).end();
    void route.handler(req, res);
  });
  server.listen(PORT, "127.0.0.1", () => cluster.isPrimary && console.log("READY"));
  process.on("SIGTERM", () => process.exit(0));
}

type Body = {
  subject: { type: string; id: string };
  action: { name: string };
  resource: { type: string; id: string };
};

async function prepare(): Promise<{ token: string; bodies: Body[] }> {
  const { db } = await import("../lib/db");
  const { ensureStarterPolicies } = await import("../lib/policy/starter");
  const { createApiClient } = await import("../lib/api-clients/mutations");
  const { systemCaller } = await import("../lib/actions/caller");
  await ensureStarterPolicies();
  const nhis = await db.actor.count({ where: { kind: "NHI" } });
  console.log(`inventory: ${nhis.toLocaleString()} NHIs`);
  if (nhis < BENCH_MIN_NHIS) {
    const add = BENCH_MIN_NHIS - nhis;
    console.log(
      `(scale seed not loaded: adding ${add.toLocaleString()} owned NHIs with one grant each for the benchmark)`,
    );
    await db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(
          `INSERT INTO "Actor"(id, kind, "displayName", "externalId", "sourceSystem") VALUES (gen_random_uuid(), 'HUMAN', 'Bench Owner', 'bench-owner', 'bench') ON CONFLICT DO NOTHING`,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO "Resource"(id, name, kind, "externalId", "sourceSystem") VALUES (gen_random_uuid(), 'bench-db', 'DATASET', 'bench-db', 'bench') ON CONFLICT DO NOTHING`,
        );
        await tx.$executeRawUnsafe(
          `INSERT INTO "Entitlement"(id, "resourceId", name) SELECT gen_random_uuid(), id, 'reader' FROM "Resource" WHERE "sourceSystem"='bench' AND "externalId"='bench-db' ON CONFLICT DO NOTHING`,
        );
        await tx.$executeRawUnsafe(`
        WITH owner AS (SELECT id FROM "Actor" WHERE "sourceSystem"='bench' AND "externalId"='bench-owner'),
        n AS (INSERT INTO "Actor"(id, kind, "displayName", "externalId", "sourceSystem", environment)
              SELECT gen_random_uuid(), 'NHI', 'bench-sa-' || g, 'bench-sa-' || g || '-' || floor(random()*1e9)::text, 'bench', 'PRODUCTION' FROM generate_series(1, ${add}) g RETURNING id)
        INSERT INTO "NhiProfile"("actorId", "nhiType", platform, "ownerId", "claimStatus", "rotationDueAt")
        SELECT n.id, 'SERVICE_ACCOUNT', 'AWS', owner.id, 'OWNED', now() + interval '30 days' FROM n, owner`);
        await tx.$executeRawUnsafe(`
        INSERT INTO "Grant"(id, "actorId", "entitlementId", source)
        SELECT gen_random_uuid(), a.id, e.id, 'IMPORT' FROM "Actor" a, "Entitlement" e JOIN "Resource" r ON r.id = e."resourceId"
        WHERE a."sourceSystem" = 'bench' AND a.kind = 'NHI' AND r."externalId" = 'bench-db'
          AND NOT EXISTS (SELECT 1 FROM "Grant" g WHERE g."actorId" = a.id)`);
      },
      { timeout: 600_000 },
    );
  }
  // 2,000 distinct NHI subjects that hold a grant, asking for what they hold (and a few not).
  const rows = await db.$queryRawUnsafe<{ actorId: string; entitlementId: string }[]>(
    `SELECT g."actorId", g."entitlementId" FROM "Grant" g JOIN "Actor" a ON a.id = g."actorId" WHERE a.kind = 'NHI' AND g.status = 'ACTIVE' ORDER BY random() LIMIT 2000`,
  );
  const bodies = rows.map((r) => ({
    subject: { type: "nhi", id: r.actorId },
    action: { name: "readData" },
    resource: { type: "entitlement", id: r.entitlementId },
  }));
  const token = (
    await createApiClient(systemCaller("bench"), {
      name: `bench ${new Date().toISOString()}`,
      scopes: ["access:evaluate"],
    })
  ).token;
  return { token, bodies };
}

async function pdpAlone(bodies: Body[]) {
  const { getActivePolicySet } = await import("../lib/policy/active");
  const { evaluate, evaluateUncached } = await import("../lib/policy/pdp");
  const { subjectEntity, resourceEntities } = await import("../lib/enforcement/records");
  const { nhiContext } = await import("../lib/enforcement/nhi/context");
  const { loadSubject, loadResource } = await import("../lib/enforcement/load");
  const set = await getActivePolicySet();
  const reqs = [];
  for (const b of bodies.slice(0, 200)) {
    const s = await loadSubject("NHI", b.subject.id);
    const r = await loadResource("entitlement", b.resource.id, undefined);
    if (!s || s.kind !== "NHI" || !r) continue;
    reqs.push({
      principal: { type: "NHI", id: s.id },
      action: "readData",
      resource: { type: r.type, id: r.id },
      context: nhiContext(s, new Date(), undefined),
      entities: [subjectEntity(s), ...resourceEntities(r)],
    });
  }
  // The decision path's PDP (memoised per policy version and request), then Cedar itself.
  for (const [label, run] of [
    ["PDP_ALONE", evaluate],
    ["PDP_CEDAR_UNMEMOISED", evaluateUncached],
  ] as const) {
    const times: number[] = [];
    let allowed = 0;
    for (let i = 0; i < 20_000; i++) {
      const req = reqs[i % reqs.length];
      const t = process.hrtime.bigint();
      const a = run(set, req);
      times.push(Number(process.hrtime.bigint() - t) / 1000);
      if (a.decision === "allow") allowed++;
    }
    times.sort((x, y) => x - y);
    console.log(
      `${label} evaluations=20000 distinct_requests=${reqs.length} allowed=${allowed} p50_us=${times[10_000].toFixed(1)} p99_us=${times[19_800].toFixed(1)}`,
    );
  }
}

/** The process and its children (the cluster's workers). */
function withChildren(pid: number | undefined): number[] {
  if (!pid) return [];
  const children = readdirSync("/proc").flatMap((entry) => {
    if (!/^\d+$/.test(entry)) return [];
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      return ppid === pid ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
  return [pid, ...children];
}

function cpuTicks(pids: number[]): Map<number, number> {
  const ticks = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
      ticks.set(pid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // exited meanwhile
    }
  }
  return ticks;
}

/** CPU ticks spent between two samples; processes that started in between count in full. */
function ticksSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0;
  for (const [pid, t] of after) spent += t - (before.get(pid) ?? 0);
  return spent;
}

/** The embedded PostgreSQL's processes (postmaster and its children), or [] for an external server. */
function postgresPids(): number[] {
  let postmaster: number;
  try {
    postmaster = Number(
      readFileSync(path.join(dataDir(), "pgdata", "postmaster.pid"), "utf8").split("\n")[0],
    );
  } catch {
    return [];
  }
  const pids = [postmaster];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1].split(" ")[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) =>
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))),
  );
}

function loadOptions(url: string, token: string, bodies: Body[], rate?: number): autocannon.Options {
  let i = 0;
  return {
    url,
    method: "POST",
    connections: rate ? 32 : CONNECTIONS,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(bodies[i++ % bodies.length]) }) }],
  };
}

const fire = (url: string, token: string, bodies: Body[], rate?: number) =>
  run(loadOptions(url, token, bodies, rate));

/** Decisions at a fixed rate, evenly spaced (scripts/lib/paced.ts), not autocannon's per-second bursts. */
const pacedDecisions = (
  url: string,
  token: string,
  bodies: Body[],
  rate: number,
  seconds = SECONDS,
  stop?: () => boolean,
) =>
  pacedLoad({
    url,
    rate,
    seconds,
    stop,
    headers: { authorization: `Bearer ${token}` },
    next: (i) => ({ body: JSON.stringify(bodies[i % bodies.length]) }),
  });

/**
 * `--import`: a 100,000-row NHI import, in its own process: run in the load generator's process,
 * its synchronous work (CSV parsing, validation, canonical JSON) stalled the generator's event
 * loop for seconds and the decisions it then sent late counted as seconds of latency.
 */
async function importRows() {
  ensureAuthSecret();
  await ensureDatabase();
  const { previewImport, runImport } = await import("../lib/import/jobs");
  const source = `bench-decisions-${Date.now()}`;
  const lines = [
    "source_system,external_id,display_name,nhi_type,platform,rotation_period_days,last_rotated_at,environment",
  ];
  for (let i = 0; i < IMPORT_ROWS; i++)
    lines.push(
      `${source},svc-${i},bench import ${i},SERVICE_ACCOUNT,AWS,90,2026-0${1 + (i % 9)}-15,PRODUCTION`,
    );
  const bytes = new TextEncoder().encode(lines.join("\n"));
  const preview = await previewImport("nhis", "bench.csv", bytes, null);
  if (!preview.valid) throw new Error(`bench CSV invalid: ${JSON.stringify(preview.errors.slice(0, 3))}`);
  console.log("PREVIEWED");
  // Under `npm start` the import runs in the process that serves decisions: every stall of this
  // event loop is one those decisions would wait out.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  await runImport(preview.jobId, "nhis", bytes, { id: "bench", kind: "SYSTEM", name: "bench:decisions" });
  loop.disable();
  console.error(
    `IMPORT_EVENT_LOOP rows=${IMPORT_ROWS} delay_p99_ms=${(loop.percentile(99) / 1e6).toFixed(1)} delay_max_ms=${(loop.max / 1e6).toFixed(1)}`,
  );
  process.exit(0);
}

/** Paced decisions for as long as the import child runs its import (after its preview). */
async function duringImport(url: string, token: string, bodies: Body[], databaseUrl: string) {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-decisions.ts", "--import"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  // "close": the child's output is read to its end (its "exit" may come first).
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  child.once("error", () => undefined); // a failed spawn closes too, and is reported below
  try {
    await untilPrinted(child, "PREVIEWED", "bench import");
    let importDone = false;
    const paced = pacedDecisions(url, token, bodies, IMPORT_RATE, 3600, () => importDone);
    const started = performance.now();
    const code = await exited;
    const seconds = (performance.now() - started) / 1000;
    importDone = true;
    if (code !== 0) throw new Error(`bench import failed (exit ${code})`);
    return { result: await paced, seconds };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  }
}

/** `--phases`: CPU per phase of the decision path, in a process with the server's V8 flags. */
async function phases() {
  ensureAuthSecret();
  await ensureDatabase();
  const { db } = await import("../lib/db");
  const { decisionPhases } = await import("./lib/decision-phases");
  const { startChangeListener } = await import("../lib/changes/listen");
  await startChangeListener();
  const rows = await db.$queryRawUnsafe<{ actorId: string; entitlementId: string }[]>(
    `SELECT g."actorId", g."entitlementId" FROM "Grant" g JOIN "Actor" a ON a.id = g."actorId" WHERE a.kind = 'NHI' AND g.status = 'ACTIVE' ORDER BY random() LIMIT 2000`,
  );
  const bodies = rows.map((r) =>
    JSON.stringify({
      subject: { type: "nhi", id: r.actorId },
      action: { name: "readData" },
      resource: { type: "entitlement", id: r.entitlementId },
    }),
  );
  console.log(await decisionPhases(bodies));
  await db.$disconnect();
  process.exit(0);
}

async function main() {
  if (process.argv.includes("--serve")) return serve();
  if (process.argv.includes("--phases")) return phases();
  if (process.argv.includes("--import")) return importRows();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { token, bodies } = await prepare();
  await pdpAlone(bodies);
  const phaseRun = spawnSync(
    process.execPath,
    [...SERVER_NODE_FLAGS, "--import", "tsx", "scripts/bench-decisions.ts", "--phases"],
    { env: { ...process.env, DATABASE_URL: database.appUrl }, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (phaseRun.status !== 0)
    console.log(`DECISION_PHASES failed (exit ${phaseRun.status ?? phaseRun.signal})`);

  const child = TARGET
    ? null
    : spawn(
        process.execPath,
        [...SERVER_NODE_FLAGS, "--import", "tsx", "scripts/bench-decisions.ts", "--serve"],
        { env: { ...process.env, DATABASE_URL: database.appUrl }, stdio: ["ignore", "pipe", "inherit"] },
      );
  if (child) {
    await untilPrinted(child, "READY", "bench server");
  }
  try {
    const base = TARGET ?? `http://127.0.0.1:${PORT}`;
    const { db } = await import("../lib/db");
    console.log(
      `LOAD_AVERAGE_START ${load()} SERVER_NODE_FLAGS="${SERVER_NODE_FLAGS.join(" ")}" WORKERS=${WORKERS}`,
    );
    await fire(`${base}/access/v1/evaluation`, token, bodies.slice(0, 200), 500); // warm-up (caches, JIT)
    const serverPids = withChildren(child?.pid);
    const noopCpuBefore = cpuTicks(serverPids);
    const noop = await fire(`${base}/__bench/noop`, token, bodies);
    const noopTicks = ticksSpent(noopCpuBefore, cpuTicks(serverPids));
    const before = await db.logEntry.count({ where: { action: "decision.evaluated" } });
    const pgPids = postgresPids();
    const cpuBefore = { server: cpuTicks(serverPids), pg: cpuTicks(pgPids) };
    const full = await fire(`${base}/access/v1/evaluation`, token, bodies);
    // Backends opened during the run (the pool reconnects after idling) are found again now.
    const cpuAfter = { server: cpuTicks(serverPids), pg: cpuTicks(postgresPids()) };
    const logged = (await db.logEntry.count({ where: { action: "decision.evaluated" } })) - before;
    const paced = await pacedDecisions(`${base}/access/v1/evaluation`, token, bodies, 1000);
    // The figure as earlier runs took it, for comparison: autocannon's rate (bursts, see paced.ts).
    const bursts = await fire(`${base}/access/v1/evaluation`, token, bodies, 1000);
    const rps = (r: autocannon.Result) => r.requests.average;
    console.log(
      `NOOP req_per_s=${rps(noop).toFixed(0)} p50_ms=${noop.latency.p50} p99_ms=${noop.latency.p99} errors=${noop.errors + noop.non2xx} server_cpu_us_per_request=${child ? ((noopTicks * 10_000) / Math.max(1, noop.requests.total)).toFixed(0) : "n/a"}`,
    );
    console.log(
      `EVALUATION decisions_per_s=${rps(full).toFixed(0)} p50_ms=${full.latency.p50} p99_ms=${full.latency.p99} errors=${full.errors + full.non2xx} durably_logged=${logged} of ${full.requests.total}`,
    );
    console.log(
      `EVALUATION_AT_1000 pacing=open-loop req_per_s=${paced.rps.toFixed(0)} p50_ms=${paced.p50.toFixed(1)} p99_ms=${paced.p99.toFixed(1)} max_ms=${paced.max.toFixed(1)} errors=${paced.errors}`,
    );
    console.log(
      `EVALUATION_AT_1000_AUTOCANNON_BURSTS req_per_s=${rps(bursts).toFixed(0)} p50_ms=${bursts.latency.p50} p99_ms=${bursts.latency.p99} errors=${bursts.errors + bursts.non2xx}`,
    );
    console.log(`RATIO_TO_NOOP ${(rps(full) / rps(noop)).toFixed(2)}`);
    const perDecision = (ticks: number) => (logged ? ((ticks * 10_000) / logged).toFixed(0) : "n/a");
    console.log(
      `CPU_US_PER_DECISION server=${serverPids.length ? perDecision(ticksSpent(cpuBefore.server, cpuAfter.server)) : "n/a (BENCH_URL)"} postgres=${pgPids.length ? perDecision(ticksSpent(cpuBefore.pg, cpuAfter.pg)) : "n/a (external database)"}`,
    );
    if (IMPORT_ROWS > 0) {
      const loggedBefore = await db.logEntry.count({ where: { action: "decision.evaluated" } });
      const { result: during, seconds } = await duringImport(
        `${base}/access/v1/evaluation`,
        token,
        bodies,
        database.appUrl,
      );
      const loggedDuring =
        (await db.logEntry.count({ where: { action: "decision.evaluated" } })) - loggedBefore;
      console.log(
        `EVALUATION_DURING_IMPORT pacing=open-loop target_rate=${IMPORT_RATE} import_rows=${IMPORT_ROWS} import_s=${seconds.toFixed(1)} req_per_s=${during.rps.toFixed(0)} p50_ms=${during.p50.toFixed(1)} p99_ms=${during.p99.toFixed(1)} max_ms=${during.max.toFixed(1)} errors=${during.errors}${during.errorKinds ? ` (${during.errorKinds})` : ""} durably_logged=${loggedDuring} of ${during.sent}`,
      );
    }
    console.log(`LOAD_AVERAGE_END ${load()}`);
    await db.$disconnect();
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
