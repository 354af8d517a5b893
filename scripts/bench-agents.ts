// `npm run bench:agents`: the agent path under load, on the lean server (child process).
//  1. opening a session (POST /api/v1/agent-sessions, client credentials, ledgered): p50/p95;
//  2. agent tool calls inside sessions (Bearer session token, POST /access/v1/evaluation) at a
//     fixed 500 req/s, evenly spaced (open loop, latency from each call's due time): p50/p99;
//  3. a killed session: time until the server process (a replica) refuses its token.
// Runs on the embedded dev database (TRIAD_EMBEDDED_PG_PORT / TRIAD_DATA_DIR) or DATABASE_URL.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { untilPrinted } from "./lib/child";
import { pacedLoad } from "./lib/paced";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";
import { SERVER_V8_FLAGS } from "./lib/v8-flags";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const OPENS = Number(process.env.BENCH_OPENS ?? 200);
const SESSIONS = 20;
const PORT = Number(process.env.BENCH_PORT ?? 3307);
// The server's V8 flags (scripts/lib/v8-flags.ts); BENCH_NODE_FLAGS overrides (e.g. adds --cpu-prof).
const SERVER_NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? SERVER_V8_FLAGS.join(" "))
  .split(" ")
  .filter(Boolean);

async function serve() {
  ensureAuthSecret();
  await ensureDatabase();
  const { findLeanRoute } = await import("../lib/server/lean-routes");
  const { startChangeListener } = await import("../lib/changes/listen");
  await startChangeListener();
  const server = createServer((req, res) => {
    const route = findLeanRoute(req.method, req.url);
    if (!route) return void res.writeHead(404).end();
    void route.handler(req, res);
  });
  server.listen(PORT, "127.0.0.1", () => console.log("READY"));
  process.on("SIGTERM", () => process.exit(0));
}

async function prepare() {
  const { db } = await import("../lib/db");
  const { ensureStarterPolicies } = await import("../lib/policy/starter");
  const { createActorClient } = await import("../lib/tokens/clients");
  await ensureStarterPolicies();
  const tag = Date.now().toString(36);
  const sponsor = await db.actor.create({
    data: {
      kind: "HUMAN",
      displayName: `Bench Sponsor ${tag}`,
      externalId: `bench-sponsor-${tag}`,
      sourceSystem: "bench",
      human: {
        create: { email: `bench-sponsor-${tag}@bench.example`, department: "Bench", title: "Sponsor" },
      },
    },
  });
  const agent = await db.actor.create({
    data: {
      kind: "AGENT",
      displayName: `Bench agent ${tag}`,
      externalId: `bench-agent-${tag}`,
      sourceSystem: "bench",
      agent: {
        create: {
          model: "bench",
          provider: "bench",
          runtime: "bench",
          sponsorId: sponsor.id,
          autonomyLevel: "BOUNDED_AUTONOMY",
          toolAllowList: ["tickets", "wiki"],
          toolBoundary: [
            { tool: "tickets", actions: ["read", "comment"], dataScopes: [] },
            { tool: "wiki", actions: [], dataScopes: [] },
          ],
        },
      },
    },
  });
  const client = await createActorClient({ actorId: agent.id, name: "bench agent" });
  return {
    agentId: agent.id,
    sponsorId: sponsor.id,
    basic: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`,
  };
}

/** CPU time (ms) a process used so far, from /proc (Linux); null elsewhere. */
function cpuMs(pid: number | undefined): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 100 Hz ticks
  } catch {
    return null;
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function open(base: string, basic: string) {
  const res = await fetch(`${base}/api/v1/agent-sessions`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/json" },
    body: JSON.stringify({ task: "bench run" }),
  });
  if (res.status !== 201) throw new Error(`open session: ${res.status} ${await res.text()}`);
  return (await res.json()) as { session_id: string; session_token: string };
}

async function main() {
  if (process.argv.includes("--serve")) return serve();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { agentId, sponsorId, basic } = await prepare();
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, "--import", "tsx", "scripts/bench-agents.ts", "--serve"],
    { env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await untilPrinted(child, "READY", "bench server");
  const base = `http://127.0.0.1:${PORT}`;
  try {
    for (let i = 0; i < 20; i++) await open(base, basic); // warm-up
    const opens: number[] = [];
    for (let i = 0; i < OPENS; i++) {
      const t = performance.now();
      await open(base, basic);
      opens.push(performance.now() - t);
    }
    console.log(
      `OPEN_SESSION n=${OPENS} p50_ms=${pct(opens, 50).toFixed(1)} p95_ms=${pct(opens, 95).toFixed(1)} p99_ms=${pct(opens, 99).toFixed(1)}`,
    );

    const sessions = await Promise.all(Array.from({ length: SESSIONS }, () => open(base, basic)));
    const bodies = [
      { tool: "tickets", operation: "read" },
      { tool: "tickets", operation: "comment" },
      { tool: "wiki", operation: "search" },
      { tool: "tickets", operation: "delete" }, // outside the boundary: a deny
    ].map((b) =>
      JSON.stringify({
        subject: { type: "agent", id: agentId },
        action: { name: "invokeTool" },
        resource: { type: "tool", id: b.tool },
        context: { operation: b.operation, arguments: { n: 1 } },
      }),
    );
    // Evenly spaced calls (scripts/lib/paced.ts), each session's token in turn.
    const run = (rate: number, seconds: number) =>
      pacedLoad({
        url: `${base}/access/v1/evaluation`,
        rate,
        seconds,
        next: (i) => ({
          body: bodies[i % bodies.length],
          headers: { authorization: `Bearer ${sessions[i % SESSIONS].session_token}` },
        }),
      });
    await run(RATE, 3); // warm-up
    const cpuBefore = cpuMs(child.pid);
    const r = await run(RATE, SECONDS);
    const cpuAfter = cpuMs(child.pid);
    // Server CPU per call: the figure that does not depend on how busy the machine is.
    const perCall =
      cpuBefore !== null && cpuAfter !== null && r.ok
        ? ` server_cpu_ms_per_call=${((cpuAfter - cpuBefore) / r.sent).toFixed(2)}`
        : "";
    console.log(
      `TOOL_CALLS_AT_${RATE} pacing=open-loop req_per_s=${r.rps.toFixed(0)} p50_ms=${r.p50.toFixed(1)} p99_ms=${r.p99.toFixed(1)} max_ms=${r.max.toFixed(1)} errors=${r.errors}${perCall}`,
    );

    const { killSession } = await import("../lib/agents/sessions");
    const victim = sessions[0];
    const killedAt = performance.now();
    await killSession(
      { ledger: { id: "bench", kind: "SYSTEM", name: "bench" }, actorId: sponsorId, isAdmin: false },
      victim.session_id,
      "bench kill",
    );
    let ms = -1;
    while (performance.now() - killedAt < 5000) {
      const res = await fetch(`${base}/access/v1/evaluation`, {
        method: "POST",
        headers: { authorization: `Bearer ${victim.session_token}`, "content-type": "application/json" },
        body: bodies[0],
      });
      await res.arrayBuffer();
      if (res.status === 401) {
        ms = performance.now() - killedAt;
        break;
      }
    }
    console.log(`KILLED_SESSION_REFUSED_BY_REPLICA_MS=${ms.toFixed(1)}`);
    const { db } = await import("../lib/db");
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
