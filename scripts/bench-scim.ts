// `npm run bench:scim` (also run by `npm run bench:inventory`): an import-sized SCIM run over
// HTTP. BENCH_SCIM_USERS users (default 10,000) are created with POST /scim/v2/Users and then
// each is changed with an Entra-style PATCH (several ops, value-filter paths, enterprise URN), by
// BENCH_SCIM_CLIENTS concurrent clients (default 8), against the lean server in a child process
// on 127.0.0.1:BENCH_PORT. Prints req/s and p50/p99 per phase, and whether every change reached
// the ledger. Targets (issue 14): >= 500 req/s, p99 <= 50 ms.
// Uses the embedded database of TRIAD_DATA_DIR / TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL).
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const USERS = Number(process.env.BENCH_SCIM_USERS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_SCIM_CLIENTS ?? 8);
const PORT = Number(process.env.BENCH_PORT ?? 3104);
const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

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
  // The parent asks for this process's CPU time between phases (SIGUSR2), to print CPU per request.
  process.on("SIGUSR2", () => {
    const u = process.cpuUsage();
    console.log(`CPU_US=${u.user + u.system}`);
  });
  process.on("SIGTERM", () => process.exit(0));
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? 0;
};

type Phase = { name: string; total: number; seconds: number; latencies: number[]; errors: string[] };

/** CLIENTS workers take the next job until none is left; each request is timed on its own. */
async function run(
  name: string,
  jobs: number,
  request: (i: number) => Promise<Response>,
): Promise<{ phase: Phase; bodies: unknown[] }> {
  const latencies: number[] = [];
  const errors: string[] = [];
  const bodies: unknown[] = new Array(jobs);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < jobs; i = next++) {
        const t = performance.now();
        const res = await request(i);
        const text = await res.text();
        latencies.push(performance.now() - t);
        if (res.status >= 300) errors.push(`${res.status} ${text.slice(0, 200)}`);
        else bodies[i] = text ? JSON.parse(text) : null;
      }
    }),
  );
  return {
    phase: { name, total: jobs, seconds: (performance.now() - started) / 1000, latencies, errors },
    bodies,
  };
}

function report(p: Phase) {
  const rps = p.total / p.seconds;
  console.log(
    `SCIM_${p.name} requests=${p.total} req_per_s=${rps.toFixed(0)} p50_ms=${pct(p.latencies, 50).toFixed(1)} p99_ms=${pct(p.latencies, 99).toFixed(1)} errors=${p.errors.length}` +
      ` target=${rps >= 500 && pct(p.latencies, 99) <= 50 ? "met" : "NOT met"} (>=500 req/s, p99<=50 ms)`,
  );
  if (p.errors.length) console.log(`  first error: ${p.errors[0]}`);
}

async function main() {
  if (process.argv.includes("--serve")) return serve();
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { db } = await import("../lib/db");
  const { createScimToken } = await import("../lib/scim/tokens");
  const { SYSTEM_ACTOR } = await import("../lib/ledger/append");
  const created = await createScimToken(
    `bench ${new Date().toISOString()}`,
    { ...SYSTEM_ACTOR, name: "bench" },
    null,
  );
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/bench-scim.ts", "--serve"], {
    env: { ...process.env, DATABASE_URL: database.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let lastCpu = 0;
  let cpuWaiter: ((us: number) => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const text = d.toString();
      if (text.includes("READY")) resolve();
      const m = /CPU_US=(\d+)/.exec(text);
      if (m && cpuWaiter) cpuWaiter(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
  });
  /** Server CPU microseconds since the previous call. */
  const serverCpu = async () => {
    const now = await new Promise<number>((resolve) => {
      cpuWaiter = resolve;
      child.kill("SIGUSR2");
    });
    const delta = now - lastCpu;
    lastCpu = now;
    return delta;
  };
  try {
    const base = `http://127.0.0.1:${PORT}/scim/v2`;
    const headers = { authorization: `Bearer ${created.token}`, "content-type": "application/scim+json" };
    const tag = Date.now().toString(36);
    console.log(
      `SCIM bench: ${USERS.toLocaleString()} users, ${CLIENTS} concurrent clients, server on 127.0.0.1:${PORT}`,
    );
    // Warm-up (JIT, connection pool, caches), not counted.
    await run("WARMUP", 50, (i) =>
      fetch(`${base}/Users?filter=${encodeURIComponent(`userName eq "warm-${i}"`)}`, { headers }),
    );
    await serverCpu();

    const create = await run("CREATE", USERS, (i) =>
      fetch(`${base}/Users`, {
        method: "POST",
        headers,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENT],
          userName: `bench-${tag}-${i}@scim.example`,
          externalId: `bench-${tag}-${i}`,
          active: true,
          displayName: `Bench User ${i}`,
          name: { givenName: "Bench", familyName: `User ${i}` },
          emails: [{ primary: true, type: "work", value: `bench-${tag}-${i}@scim.example` }],
          title: "Engineer",
          [ENT]: { department: "Bench", employeeNumber: String(i) },
        }),
      }),
    );
    const createCpu = await serverCpu();
    const ids = create.bodies
      .map((b) => (b as { id?: string } | undefined)?.id)
      .filter((id): id is string => !!id);
    const patch = await run("PATCH", ids.length, (i) =>
      fetch(`${base}/Users/${ids[i]}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations: [
            { op: "Replace", path: "title", value: "Senior Engineer" },
            { op: "Replace", path: "name.familyName", value: `Renamed ${i}` },
            {
              op: "Add",
              path: 'phoneNumbers[type eq "mobile"].value',
              value: `+1 555 ${String(i).padStart(4, "0")}`,
            },
            { op: "Replace", path: `${ENT}:costCenter`, value: "CC-1" },
          ],
        }),
      }),
    );
    const patchCpu = await serverCpu();
    report(create.phase);
    console.log(`  server_cpu_us_per_request=${(createCpu / create.phase.total).toFixed(0)}`);
    report(patch.phase);
    console.log(`  server_cpu_us_per_request=${(patchCpu / Math.max(1, patch.phase.total)).toFixed(0)}`);
    const all: Phase = {
      name: "ALL",
      total: create.phase.total + patch.phase.total,
      seconds: create.phase.seconds + patch.phase.seconds,
      latencies: [...create.phase.latencies, ...patch.phase.latencies],
      errors: [...create.phase.errors, ...patch.phase.errors],
    };
    report(all);
    const ledgered = await db.logEntry.count({
      where: { actor: created.id, action: { in: ["actor.provisioned", "actor.updated"] } },
    });
    const changes = ids.length + patch.bodies.filter(Boolean).length;
    console.log(
      `SCIM_LEDGER entries=${ledgered} changes=${changes} every_change_ledgered=${ledgered === changes}`,
    );
    await db.$disconnect();
  } finally {
    if (child.exitCode === null) {
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
