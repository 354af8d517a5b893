// `npm run bench:scim` (also run by `npm run bench:inventory`): an import-sized SCIM run over
// HTTP. BENCH_SCIM_USERS users (default 10,000) are created with POST /scim/v2/Users and then
// each is changed with an Entra-style PATCH (several ops, value-filter paths, enterprise URN), by
// BENCH_SCIM_CLIENTS concurrent clients (default 8), against the lean server in a child process
// on 127.0.0.1:BENCH_PORT. Prints req/s, p50/p99 and CPU per request (server process and, for
// the embedded database, PostgreSQL) per phase, then BENCH_SCIM_LOOKUPS (default 2,000) lookups
// by userName as IdPs send before a create, and whether every change reached the ledger once
// the outbox drained. Then a group with every created user as a member (10,000 by default):
// create, read with members, one-member add and remove, each timed. Targets (issue 14):
// >= 500 req/s, p99 <= 50 ms; the 10,000-member group under 1 s.
// Uses the embedded database of TRIAD_DATA_DIR / TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL).
// BENCH_PROFILE=<dir> writes the server process's V8 CPU profile there.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { dataDir, ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const USERS = Number(process.env.BENCH_SCIM_USERS ?? 10_000);
const CLIENTS = Number(process.env.BENCH_SCIM_CLIENTS ?? 8);
const LOOKUPS = Number(process.env.BENCH_SCIM_LOOKUPS ?? 2_000);
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

/** CPU microseconds of the embedded PostgreSQL: the postmaster, its live backends and the reaped ones. */
function postgresCpuUs(): number | null {
  try {
    const pid = readFileSync(path.join(dataDir(), "pgdata", "postmaster.pid"), "utf8")
      .split("\n")[0]
      .trim();
    const ticks = (p: string) => {
      const f = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
      // Fields after "(comm) ": state=0, ppid=1, …, utime=11, stime=12, cutime=13, cstime=14.
      return { ppid: f[1], own: Number(f[11]) + Number(f[12]), reaped: Number(f[13]) + Number(f[14]) };
    };
    const root = ticks(pid);
    let total = root.own + root.reaped;
    for (const p of readdirSync("/proc")) {
      if (!/^\d+$/.test(p) || p === pid) continue;
      try {
        const t = ticks(p);
        if (t.ppid === pid) total += t.own;
      } catch {
        // The process ended while we looked.
      }
    }
    return total * 10_000; // USER_HZ = 100 ticks/s on Linux
  } catch {
    return null;
  }
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
  const profile = process.env.BENCH_PROFILE
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
    : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", "scripts/bench-scim.ts", "--serve"], {
    env: { ...process.env, DATABASE_URL: database.url },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let lastCpu = 0;
  let lastPgCpu = postgresCpuUs();
  /** PostgreSQL CPU microseconds since the previous call (null with an external database). */
  const pgCpu = () => {
    const now = postgresCpuUs();
    const delta = now === null || lastPgCpu === null ? null : now - lastPgCpu;
    lastPgCpu = now;
    return delta;
  };
  const cpuLine = (server: number, pgUs: number | null, n: number) =>
    `  server_cpu_us_per_request=${(server / Math.max(1, n)).toFixed(0)}` +
    (pgUs === null ? "" : ` postgres_cpu_us_per_request=${(pgUs / Math.max(1, n)).toFixed(0)}`);
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
    pgCpu();

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
    const createPg = pgCpu();
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
    const patchPg = pgCpu();
    // Entra and Okta look each user up by userName before creating it: timed apart, not in ALL.
    const lookup = await run("LOOKUP", Math.min(LOOKUPS, USERS), (i) =>
      fetch(`${base}/Users?filter=${encodeURIComponent(`userName eq "BENCH-${tag}-${i}@scim.example"`)}`, {
        headers,
      }),
    );
    const lookupCpu = await serverCpu();
    const lookupPg = pgCpu();
    report(create.phase);
    console.log(cpuLine(createCpu, createPg, create.phase.total));
    report(patch.phase);
    console.log(cpuLine(patchCpu, patchPg, patch.phase.total));
    report(lookup.phase);
    console.log(cpuLine(lookupCpu, lookupPg, lookup.phase.total));
    const all: Phase = {
      name: "ALL",
      total: create.phase.total + patch.phase.total,
      seconds: create.phase.seconds + patch.phase.seconds,
      latencies: [...create.phase.latencies, ...patch.phase.latencies],
      errors: [...create.phase.errors, ...patch.phase.errors],
    };
    report(all);
    // Each change queued its entry with it (the outbox); the server's drainer chains them just
    // after. Wait for the chain, then count.
    const changes = ids.length + patch.bodies.filter(Boolean).length;
    const countLedgered = () =>
      db.logEntry.count({
        where: { actor: created.id, action: { in: ["actor.provisioned", "actor.updated"] } },
      });
    const drainStarted = performance.now();
    let ledgered = await countLedgered();
    while (ledgered < changes && performance.now() - drainStarted < 120_000) {
      await new Promise((r) => setTimeout(r, 100));
      ledgered = await countLedgered();
    }
    console.log(
      `SCIM_LEDGER entries=${ledgered} changes=${changes} every_change_ledgered=${ledgered === changes}` +
        ` drained_after_ms=${(performance.now() - drainStarted).toFixed(0)}`,
    );
    await bigGroup(base, headers, ids, tag);
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

/** A group holding every created user: the figures IdPs hit when they push a large group. */
async function bigGroup(base: string, headers: Record<string, string>, ids: string[], tag: string) {
  const timed = async (what: string, request: () => Promise<Response>) => {
    const t = performance.now();
    const res = await request();
    const text = await res.text();
    const ms = performance.now() - t;
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${text.slice(0, 200)}`);
    return { ms, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };
  const [first, ...rest] = ids;
  const create = await timed("create", () =>
    fetch(`${base}/Groups`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
        displayName: `Bench group ${tag}`,
        members: rest.map((value) => ({ value })),
      }),
    }),
  );
  const id = create.body!.id as string;
  const patch = (op: string) =>
    timed(`patch ${op}`, () =>
      fetch(`${base}/Groups/${id}`, {
        method: "PATCH",
        headers,
        body: JSON.stringify({
          schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
          Operations:
            op === "add"
              ? [{ op: "add", path: "members", value: [{ value: first }] }]
              : [{ op: "remove", path: `members[value eq "${first}"]` }],
        }),
      }),
    );
  const add = await patch("add");
  const get = await timed("get", () => fetch(`${base}/Groups/${id}`, { headers }));
  const members = (get.body!.members as unknown[]).length;
  const list = await timed("list", () =>
    fetch(
      `${base}/Groups?filter=${encodeURIComponent(`displayName eq "Bench group ${tag}"`)}&excludedAttributes=members`,
      {
        headers,
      },
    ),
  );
  const remove = await patch("remove");
  const worst = Math.max(create.ms, add.ms, get.ms, list.ms, remove.ms);
  console.log(
    `SCIM_GROUP members=${members} create_ms=${create.ms.toFixed(0)} get_ms=${get.ms.toFixed(0)}` +
      ` add_one_ms=${add.ms.toFixed(0)} remove_one_ms=${remove.ms.toFixed(0)} list_excluding_members_ms=${list.ms.toFixed(0)}` +
      ` target=${worst < 1000 ? "met" : "NOT met"} (every call < 1000 ms)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
