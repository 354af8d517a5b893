// Times the decision explorer on the seeded store (npm run seed:decisions first):
//   npm run bench:explorer [-- --runs 15 --export-rows 1000000 --ledger 100000 --decisions 20000]
//   [--only queries,export,ledger,throughput] [--verify-all]
//   npm run bench:explorer -- --only verify [--from SEQ]   (verify the ledger as it is, appending nothing)
// Prints KEY=value lines: p50/p95 of ten common searches over 24 h and 30 d, facets and
// timeline, a streamed JSON Lines export (time and peak RSS growth), the ledger verification
// rate (per second and per CPU-second), and the durable decision throughput of the group commit with and without the
// decision-record + roll-up step.
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { availableParallelism } from "node:os";
import path from "node:path";
import { postgresCpuSeconds, processCpuSeconds } from "./lib/cpu";
import { benchDecisionEvent } from "./lib/ledger-fill";
import { dataDir, ensureAuthSecret, ensureDatabase } from "./lib/runtime";
import { migrate } from "../lib/db/migrate";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    "export-rows": { type: "string", default: "1000000" },
    ledger: { type: "string", default: "100000" },
    decisions: { type: "string", default: "20000" },
    only: { type: "string", default: "queries,export,ledger,throughput" },
    // Verify the whole ledger (not only the entries this run appended).
    "verify-all": { type: "boolean", default: false },
    // With --only verify: where to start (e.g. the first entry an earlier --ledger run appended).
    from: { type: "string", default: "1" },
  },
});
const ONLY = new Set(values.only.split(","));
const RUNS = Number(values.runs);
const say = (k: string, v: string | number) => console.log(`${k}=${v}`);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm-up (plans, caches)
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
}

async function main() {
  // The data folder's secret, as the CLI uses: checkpoints it signed verify against their key.
  ensureAuthSecret();
  const database = await ensureDatabase();
  await migrate(database.url);
  const { parseDecisionFilter } = await import("../lib/explorer/filter");
  const { listDecisions, decisionFacets, decisionTimeline, readOnly, clearClosedCache } =
    await import("../lib/explorer/queries");
  const { foldDailyRollup } = await import("../lib/explorer/rollup-daily");
  const { exportStream } = await import("../lib/explorer/export");
  try {
    const sample = await readOnly(async (c) => {
      const agent = (
        await c.query<{ id: string; obo: string }>(
          `SELECT "subjectId" AS id, "onBehalfOfId" AS obo FROM "DecisionRecord" WHERE at > now() - interval '1 day' AND "subjectKind" = 'AGENT' AND "onBehalfOfId" IS NOT NULL LIMIT 1`,
        )
      ).rows[0];
      const trace = (
        await c.query<{ t: string }>(
          `SELECT "traceId" AS t FROM "DecisionRecord" WHERE at > now() - interval '20 days' AND "traceId" IS NOT NULL LIMIT 1`,
        )
      ).rows[0];
      const total = (await c.query<{ n: string }>(`SELECT sum(count)::text AS n FROM "DecisionHourly"`))
        .rows[0];
      return { agent, trace: trace?.t ?? "0", total: total?.n ?? "0" };
    });
    say("DECISIONS_IN_STORE", sample.total);
    // As the hourly decisions.rollup job would have by now.
    say("DAILY_ROLLUP_FOLDED_DAYS", (await foldDailyRollup()).days);
    const q = (s: string) => parseDecisionFilter(new URLSearchParams(s));
    if (ONLY.has("queries")) await queries();
    async function queries() {
      const searches: [string, string][] = [
        ["latest_24h", "window=24h"],
        ["denies_24h", "window=24h&decision=deny"],
        ["one_agent_24h", `window=24h&agent=${sample.agent?.id}`],
        ["agent_denies_for_human_30d", `window=30d&decision=deny&kind=AGENT&obo=${sample.agent?.obo}`],
        ["for_human_30d", `window=30d&obo=${sample.agent?.obo}`],
        ["policy_30d", "window=30d&policy=triad-starter/agents-never-approve"],
        ["client_denies_24h", "window=24h&client=seed mcp-broker&decision=deny"],
        ["subject_name_24h", "window=24h&subject=Priya"],
        ["reason_text_24h", "window=24h&reason=rotation"],
        ["trace_30d", `window=30d&trace=${sample.trace}`],
        ["not_nhi_denies_7d", "window=7d&decision=deny&kind=!NHI"],
      ];
      for (const [name, s] of searches) {
        const r = await time(RUNS, () => listDecisions(q(s), { size: 50 }));
        say(`SEARCH_${name.toUpperCase()}_P50_MS`, r.p50.toFixed(1));
        say(`SEARCH_${name.toUpperCase()}_P95_MS`, r.p95.toFixed(1));
      }
      // A deeper page: keyset paging makes page 20 cost what page 1 does.
      let cursor: string | null = null;
      for (let i = 0; i < 20; i++)
        cursor = (await listDecisions(q("window=30d"), { size: 50, cursor })).nextCursor;
      const deep = await time(RUNS, () => listDecisions(q("window=30d"), { size: 50, cursor }));
      say("SEARCH_PAGE21_30D_P95_MS", deep.p95.toFixed(1));
      // Uncached: the per-process cache of closed hours is cleared before every run, so each
      // run reads the roll-up (the daily fold for whole days of a long window).
      const uncached =
        <T>(fn: () => Promise<T>) =>
        () => {
          clearClosedCache();
          return fn();
        };
      for (const w of ["24h", "7d", "30d"]) {
        const f = await time(
          RUNS,
          uncached(() => decisionFacets(q(`window=${w}`))),
        );
        const t = await time(
          RUNS,
          uncached(() => decisionTimeline(q(`window=${w}`))),
        );
        const fd = await time(
          RUNS,
          uncached(() => decisionFacets(q(`window=${w}&decision=deny&kind=AGENT`))),
        );
        say(`FACETS_${w.toUpperCase()}_P95_MS`, f.p95.toFixed(1));
        say(`FACETS_FILTERED_${w.toUpperCase()}_P95_MS`, fd.p95.toFixed(1));
        say(`TIMELINE_${w.toUpperCase()}_P95_MS`, t.p95.toFixed(1));
      }
    }
    if (ONLY.has("export")) await exporting();
    async function exporting() {
      // Export: stream up to N rows as JSON Lines, counting bytes, sampling RSS.
      const exportRows = Number(values["export-rows"]);
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
      const t0 = performance.now();
      let bytes = 0;
      let lines = 0;
      const reader = exportStream(q("window=30d"), "jsonl", { maxRows: exportRows }).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
      }
      clearInterval(sampler);
      say("EXPORT_JSONL_ROWS", lines);
      say("EXPORT_JSONL_SECONDS", ((performance.now() - t0) / 1000).toFixed(1));
      say("EXPORT_JSONL_MB", (bytes / 1e6).toFixed(0));
      say("EXPORT_PEAK_RSS_GROWTH_MB", ((peak - rss0) / 1e6).toFixed(0));
    }

    // Ledger verification rate over appended entries shaped like the decision API's.
    const { db } = await import("../lib/db");
    const { appendLedger } = await import("../lib/ledger/append");
    const { verifyLedger } = await import("../lib/ledger/verify");
    const n = ONLY.has("ledger") ? Number(values.ledger) : 0;
    // --only verify: the ledger as it stands (e.g. filled by an earlier --ledger run), all of it.
    const verifyOnly = ONLY.has("verify");
    const head = await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
    for (let i = 0; i < n; i += 5000)
      await db.$transaction(
        (tx) =>
          appendLedger(
            tx,
            Array.from({ length: Math.min(5000, n - i) }, (_, j) => benchDecisionEvent(i + j)),
          ),
        { timeout: 60_000 },
      );
    if (n > 0 || verifyOnly) {
      const from = values["verify-all"] ? 1n : verifyOnly ? BigInt(values.from) : (head?.seq ?? 0n) + 1n;
      const pgdata = path.join(dataDir(), "pgdata");
      const cpu0 = processCpuSeconds();
      const pg0 = database.embedded ? postgresCpuSeconds(pgdata) : null;
      const tv = performance.now();
      const v = await verifyLedger(from);
      const secs = (performance.now() - tv) / 1000;
      const cpu = processCpuSeconds() - cpu0;
      const pg1 = database.embedded ? postgresCpuSeconds(pgdata) : null;
      say("LEDGER_VERIFY_OK", String(v.ok));
      if (v.firstBreak) say("LEDGER_VERIFY_BREAK", `#${v.firstBreak.seq}: ${v.firstBreak.reason}`);
      say("LEDGER_VERIFY_ENTRIES", v.checked);
      // Whether slices were hashed on threads of their own (lib/ledger/slices.ts), and the cores.
      say("LEDGER_VERIFY_THREADS", String(v.threads));
      say("LEDGER_VERIFY_CPUS", availableParallelism());
      say("LEDGER_VERIFY_PER_SECOND", Math.round(v.checked / secs));
      // Per CPU-second of the verifying process alone, and of it plus the PostgreSQL server.
      say("LEDGER_VERIFY_PER_CPU_SECOND", Math.round(v.checked / cpu));
      if (pg0 !== null && pg1 !== null)
        say("LEDGER_VERIFY_PER_CPU_SECOND_WITH_POSTGRES", Math.round(v.checked / (cpu + pg1 - pg0)));
    }

    // Durable decisions through the group commit, with and without the record + roll-up step.
    const { GroupCommit } = await import("../lib/decisions/group-commit");
    const count = ONLY.has("throughput") ? Number(values.decisions) : 0;
    const draft = (i: number) => ({
      decision: (i % 33 === 0 ? "DENY" : "ALLOW") as "ALLOW" | "DENY",
      subjectKind: "NHI",
      subjectId: randomUUID(),
      subjectName: `svc-bench-${i % 500}`,
      subjectRef: `nhi:${i}`,
      onBehalfOfId: null,
      action: "readData",
      resourceType: "entitlement",
      resourceId: randomUUID(),
      privileged: false,
      policies: ["triad-starter/nhi-owned-use-held"],
      policyVersion: "0".repeat(64),
      clientId: "bench",
      clientName: "bench writer",
      reason: "permitted",
      traceId: null,
      spanId: null,
      request: {
        subject: { type: "nhi", id: `${i}` },
        action: { name: "readData" },
        resource: { type: "entitlement", id: `${i}` },
      },
      response: { decision: true },
      engine: "bench",
      entitiesHash: "0".repeat(64),
      cedar: null,
    });
    for (const withRecord of count > 0 ? [false, true, false, true] : []) {
      const writer = new GroupCommit();
      const t = performance.now();
      const inflight = 200;
      let next = 0;
      await Promise.all(
        Array.from({ length: inflight }, async () => {
          while (next < count) {
            const i = next++;
            const seq = await writer.append({
              event: {
                actor: { id: "bench", kind: "API_CLIENT", name: "bench writer" },
                action: "decision.evaluated",
                target: null,
                details: { i },
              },
              ...(withRecord ? { decision: draft(i) } : {}),
            });
            if (seq === null) throw new Error("a bench decision was not recorded");
          }
        }),
      );
      say(
        withRecord
          ? "DURABLE_DECISIONS_PER_SECOND_WITH_RECORD_AND_ROLLUP"
          : "DURABLE_DECISIONS_PER_SECOND_LEDGER_ONLY",
        Math.round(count / ((performance.now() - t) / 1000)),
      );
    }
    await db.$executeRawUnsafe(`DELETE FROM "DecisionRecord" WHERE "clientId" = 'bench'`);
    await db.$executeRawUnsafe(`DELETE FROM "DecisionHourly" WHERE "clientName" = 'bench writer'`);
  } finally {
    const { pool } = await import("../lib/db/pool");
    await pool().end();
    const { db } = await import("../lib/db");
    await db.$disconnect();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
