// `npm run bench:decisions`: load test of the AuthZEN decision API on the lean server.
//  1. PDP alone: statefulIsAuthorized on the active (starter) set, p50/p99 per evaluation.
//  2. autocannon against POST /__bench/noop (same server, same body) → the baseline.
//  3. autocannon against POST /access/v1/evaluation at full speed → durably logged decisions/s.
//  4. autocannon at a fixed 1,000 req/s → p50/p99 latency.
// Runs on the embedded dev database (TRIAD_EMBEDDED_PG_PORT / TRIAD_DATA_DIR) or DATABASE_URL.
// Subjects come from the inventory (the scale seed if loaded); when the database holds fewer
// than BENCH_MIN_NHIS NHIs with grants, it adds owned NHIs with grants itself and says so.
// The server runs in a child process (`--serve`), so the load generator does not share its CPU.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import autocannon from "autocannon";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const BENCH_MIN_NHIS = Number(process.env.BENCH_MIN_NHIS ?? 20_000);
// Our assigned dev port by default; stop `npm run dev` first, or set BENCH_URL to aim at a running
// `npm start` instead of the bench's own lean server.
const PORT = Number(process.env.BENCH_PORT ?? 3104);
const TARGET = process.env.BENCH_URL;
// Under sustained decision load Node 20.20's V8 aborts the server now and then ("unreachable
// code" in Deoptimizer::DoComputeBuiltinContinuation, lazily deoptimizing the PDP's optimized
// code). Started with --no-turbo-inlining it has not (0 of 6 runs, vs about half without).
// Set at start-up only: changing V8 flags at run time sends Next's dev server into a rebuild loop.
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? "--no-turbo-inlining").split(" ").filter(Boolean);

async function serve() {
  ensureAuthSecret();
  await ensureDatabase();
  const { findLeanRoute } = await import("../lib/server/lean-routes");
  const server = createServer((req, res) => {
    const route = findLeanRoute(req.method, req.url);
    if (!route) return void res.writeHead(404).end();
    void route.handler(req, res);
  });
  server.listen(PORT, "127.0.0.1", () => console.log("READY"));
  process.on("SIGTERM", () => process.exit(0));
}

type Body = { subject: { type: string; id: string }; action: { name: string }; resource: { type: string; id: string } };

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
    console.log(`(scale seed not loaded: adding ${add.toLocaleString()} owned NHIs with one grant each for the benchmark)`);
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`INSERT INTO "Actor"(id, kind, "displayName", "externalId", "sourceSystem") VALUES (gen_random_uuid(), 'HUMAN', 'Bench Owner', 'bench-owner', 'bench') ON CONFLICT DO NOTHING`);
      await tx.$executeRawUnsafe(`INSERT INTO "Resource"(id, name, kind, "externalId", "sourceSystem") VALUES (gen_random_uuid(), 'bench-db', 'DATASET', 'bench-db', 'bench') ON CONFLICT DO NOTHING`);
      await tx.$executeRawUnsafe(`INSERT INTO "Entitlement"(id, "resourceId", name) SELECT gen_random_uuid(), id, 'reader' FROM "Resource" WHERE "sourceSystem"='bench' AND "externalId"='bench-db' ON CONFLICT DO NOTHING`);
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
    }, { timeout: 600_000 });
  }
  // 2,000 distinct NHI subjects that hold a grant, asking for what they hold (and a few not).
  const rows = await db.$queryRawUnsafe<{ actorId: string; entitlementId: string }[]>(
    `SELECT g."actorId", g."entitlementId" FROM "Grant" g JOIN "Actor" a ON a.id = g."actorId" WHERE a.kind = 'NHI' AND g.status = 'ACTIVE' ORDER BY random() LIMIT 2000`,
  );
  const bodies = rows.map((r) => ({ subject: { type: "nhi", id: r.actorId }, action: { name: "readData" }, resource: { type: "entitlement", id: r.entitlementId } }));
  const token = (await createApiClient(systemCaller("bench"), { name: `bench ${new Date().toISOString()}`, scopes: ["access:evaluate"] })).token;
  return { token, bodies };
}

async function pdpAlone(bodies: Body[]) {
  const { getActivePolicySet } = await import("../lib/policy/active");
  const { evaluate } = await import("../lib/policy/pdp");
  const { subjectEntity, resourceEntities } = await import("../lib/enforcement/records");
  const { nhiContext } = await import("../lib/enforcement/nhi/context");
  const { loadSubject, loadResource } = await import("../lib/enforcement/load");
  const set = await getActivePolicySet();
  const reqs = [];
  for (const b of bodies.slice(0, 200)) {
    const s = await loadSubject("NHI", b.subject.id);
    const r = await loadResource("entitlement", b.resource.id, undefined);
    if (!s || s.kind !== "NHI" || !r) continue;
    reqs.push({ principal: { type: "NHI", id: s.id }, action: "readData", resource: { type: r.type, id: r.id }, context: nhiContext(s, new Date(), undefined), entities: [subjectEntity(s), ...resourceEntities(r)] });
  }
  const times: number[] = [];
  let allowed = 0;
  for (let i = 0; i < 20_000; i++) {
    const req = reqs[i % reqs.length];
    const t = process.hrtime.bigint();
    const a = evaluate(set, req);
    times.push(Number(process.hrtime.bigint() - t) / 1000);
    if (a.decision === "allow") allowed++;
  }
  times.sort((x, y) => x - y);
  console.log(`PDP_ALONE evaluations=20000 allowed=${allowed} p50_us=${times[10_000].toFixed(1)} p99_us=${times[19_800].toFixed(1)}`);
}

function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, result) => (err ? reject(err) : resolve(result))));
}

function load(url: string, token: string, bodies: Body[], rate?: number) {
  let i = 0;
  return run({
    url,
    method: "POST",
    connections: rate ? 32 : CONNECTIONS,
    duration: SECONDS,
    ...(rate ? { overallRate: rate } : {}),
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(bodies[i++ % bodies.length]) }) }],
  });
}

async function main() {
  if (process.argv.includes("--serve")) return serve();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { token, bodies } = await prepare();
  await pdpAlone(bodies);

  const child = TARGET ? null : spawn(process.execPath, [...SERVER_NODE_FLAGS, "--import", "tsx", "scripts/bench-decisions.ts", "--serve"], { env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "inherit"] });
  if (child) {
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on("data", (d: Buffer) => d.toString().includes("READY") && resolve());
      child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
    });
  }
  try {
    const base = TARGET ?? `http://127.0.0.1:${PORT}`;
    const { db } = await import("../lib/db");
    await load(`${base}/access/v1/evaluation`, token, bodies.slice(0, 200), 500); // warm-up (caches, JIT)
    const noop = await load(`${base}/__bench/noop`, token, bodies);
    const before = await db.logEntry.count({ where: { action: "decision.evaluated" } });
    const full = await load(`${base}/access/v1/evaluation`, token, bodies);
    const logged = (await db.logEntry.count({ where: { action: "decision.evaluated" } })) - before;
    const paced = await load(`${base}/access/v1/evaluation`, token, bodies, 1000);
    const rps = (r: autocannon.Result) => r.requests.average;
    console.log(`NOOP req_per_s=${rps(noop).toFixed(0)} p50_ms=${noop.latency.p50} p99_ms=${noop.latency.p99} errors=${noop.errors + noop.non2xx}`);
    console.log(`EVALUATION decisions_per_s=${rps(full).toFixed(0)} p50_ms=${full.latency.p50} p99_ms=${full.latency.p99} errors=${full.errors + full.non2xx} durably_logged=${logged} of ${full.requests.total}`);
    console.log(`EVALUATION_AT_1000 req_per_s=${rps(paced).toFixed(0)} p50_ms=${paced.latency.p50} p99_ms=${paced.latency.p99} errors=${paced.errors + paced.non2xx}`);
    console.log(`RATIO_TO_NOOP ${(rps(full) / rps(noop)).toFixed(2)}`);
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
