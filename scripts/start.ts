// `npm start`: one command from a fresh clone to a running console. Starts the embedded
// PostgreSQL (unless DATABASE_URL is set), migrates, loads demo data into an empty embedded database
// (an empty external one gets one admin with a one-time password, or demo data with --demo),
// builds when the build is missing or stale, and serves Next.js plus the lean
// machine-facing routes from one node:http server.
// `--lean-only` serves the lean routes alone (a decision-API replica: no console, no build,
// no demo data), with the same job runner and change listener as a full server.
// package.json runs it as `node --no-turbo-inline-js-wasm-calls --import tsx`: Node 20's V8
// aborts when it lazily deoptimises code inside an inlined call into Cedar's Wasm (see
// scripts/lib/v8-flags.ts, which says why and holds the flags).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

process.env.NEXT_TELEMETRY_DISABLED = "1";
const dev = process.argv.includes("--dev");
const leanOnly = process.argv.includes("--lean-only");
(process.env as Record<string, string | undefined>).NODE_ENV ??= dev ? "development" : "production";
const started = Date.now();
const say = (line: string) => console.log(`[triad] ${line}`);

function newestSource(dir: string): number {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "generated" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfNeeded(): void {
  const buildId = path.join(".next", "BUILD_ID");
  const sources = ["app", "components", "lib", "public"].map(newestSource);
  const configs = ["next.config.ts", "package-lock.json", "postcss.config.mjs"].map((f) =>
    existsSync(f) ? statSync(f).mtimeMs : 0,
  );
  const newest = Math.max(...sources, ...configs);
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= newest) return;
  say("building the console (first start or sources changed; about a minute)…");
  const result = spawnSync(
    process.execPath,
    [path.join("node_modules", "next", "dist", "bin", "next"), "build"],
    {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new Error("next build failed");
}

async function main() {
  ensureAuthSecret();
  const database = await ensureDatabase();
  say(
    database.embedded
      ? `embedded PostgreSQL at ${database.url.replace(/:[^:@/]+@/, ":***@")}`
      : "using DATABASE_URL",
  );

  const { migrate } = await import("../lib/db/migrate");
  const applied = await migrate(database.url);
  if (applied.length) say(`applied migrations: ${applied.join(", ")}`);

  // Read only now: ensureDatabase() may have just set DATABASE_URL, and env() reads once.
  const { env } = await import("../lib/env");
  const { PORT: port, HOSTNAME_BIND: hostname } = env();

  // Demo data and demo logins only for the embedded default database, or when asked with --demo.
  const demo = database.embedded || process.argv.includes("--demo");
  const { prepareEmptyDatabase, demoLoginBanner, firstAdminBanner } = await import("../prisma/seed");
  const firstStart = leanOnly ? null : await prepareEmptyDatabase({ demo, log: (line) => say(line) });
  if (firstStart?.kind === "demo") say("demo data seeded");

  if (!dev && !leanOnly) buildIfNeeded();

  let app:
    | {
        getRequestHandler(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
        prepare(): Promise<void>;
        close?(): Promise<void>;
      }
    | undefined;
  if (!leanOnly) {
    const { default: next } = await import("next");
    app = next({ dev, dir: process.cwd(), hostname, port });
    await app.prepare();
  }
  const handle =
    app?.getRequestHandler() ??
    (async (_req: IncomingMessage, res: ServerResponse) => void res.writeHead(404).end());
  const { findLeanRoute } = await import("../lib/server/lean-routes");

  const server = createServer((req, res) => {
    const lean = findLeanRoute(req.method, req.url);
    if (lean) {
      lean.handler(req, res).catch((error: unknown) => {
        console.error("[triad] lean route failed", error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "internal_error" }));
      });
      return;
    }
    // The client address for per-address limits (lib/auth/rate-limit.ts); overwrites any value a client sent.
    req.headers["x-triad-peer"] = req.socket.remoteAddress ?? "";
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, resolve);
  });

  // Timed and periodic work runs on the job queue (one owner per job across replicas); the
  // change listener drops this process's caches when another process commits a change.
  const { startJobRunner, stopJobRunner } = await import("../lib/jobs/runner");
  const { startChangeListener, stopChangeListener } = await import("../lib/changes/listen");
  await Promise.all([startJobRunner(), startChangeListener()]);

  if (firstStart?.kind === "first-admin")
    console.log(firstAdminBanner(firstStart.email, firstStart.password));
  else if (demo && !leanOnly) console.log(await demoLoginBanner());
  say(
    `${leanOnly ? "lean routes" : "console"} ready at http://localhost:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s${dev ? " (dev mode)" : ""}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping…`);
    server.close();
    await stopJobRunner().catch(() => undefined);
    await stopChangeListener().catch(() => undefined);
    await app?.close?.().catch(() => undefined);
    await database.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(`[triad] could not start: ${(error as Error).message}`);
  process.exit(1);
});
