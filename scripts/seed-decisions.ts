// Fills the decision explorer's store with a realistic decision history through COPY:
//   npm run seed:decisions -- --count 1000000 [--days 90] [--reset] [--streams 2]
// All three actor kinds, ~3% denies, agents acting on behalf of humans, a daily rhythm, five
// API clients, a dozen determining policies, W3C trace ids on half the calls. Rows go into
// "DecisionRecord" (partitioned by month) in time order, in parallel slices; the hourly roll-up
// is counted while generating and the daily one folded from it. Seeded rows use ledger seqs from 10^12 up and API clients named "seed …": they are
// explorer data only (no ledger entries), removable with --reset.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { cell, copyRows, type Cell } from "./lib/copy";
import { ensureDatabase } from "./lib/runtime";
import { migrate } from "../lib/db/migrate";
import { FIRST_NAMES, LAST_NAMES, prng } from "./lib/synthetic";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    days: { type: "string", default: "90" },
    reset: { type: "boolean", default: false },
    seed: { type: "string", default: "7" },
    streams: { type: "string", default: "2" },
  },
});
const COUNT = Number(values.count);
const DAYS = Number(values.days);
if (!Number.isInteger(COUNT) || COUNT < 1 || COUNT > 100_000_000)
  throw new Error("--count must be a whole number up to 100,000,000");
if (!Number.isInteger(DAYS) || DAYS < 1 || DAYS > 120)
  throw new Error(
    "--days must be 1..120 (the migration keeps 3 months back; older months need their partitions)",
  );
const SEQ_BASE = 1_000_000_000_000n;
const STREAMS = Number(values.streams);
if (!Number.isInteger(STREAMS) || STREAMS < 1 || STREAMS > 8) throw new Error("--streams must be 1..8");

// mulberry32: one deterministic stream per seed (each COPY stream has its own).
const SEED = Number(values.seed);
const { rand, hex } = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];

const SERVICES = [
  "billing",
  "checkout",
  "search",
  "payments",
  "ledger",
  "reporting",
  "ingest",
  "etl",
  "metrics",
  "backup",
  "deploy",
  "argo-cd",
];
const TOOLS = [
  "search_docs",
  "jira.create_issue",
  "slack.post_message",
  "github.read_pr",
  "snowflake.query",
  "deploy_prod",
  "zendesk.read_ticket",
  "salesforce.read_account",
];
const CLIENTS = ["seed api-gateway", "seed mcp-broker", "seed ci-runner", "seed data-proxy", "seed console"];
const ALLOW_POLICIES = [
  "triad-starter/human-use-held",
  "triad-starter/nhi-owned-use-held",
  "triad-starter/agent-tool-in-boundary",
  "triad-starter/agent-obo-held",
];
const DENY_POLICIES = [
  "triad-starter/subject-active",
  "triad-starter/privileged-needs-fresh-mfa",
  "triad-starter/nhi-needs-owner",
  "triad-starter/rotation-overdue",
  "triad-starter/agent-tool-outside-boundary",
  "triad-starter/agents-never-approve",
  "triad-starter/contractor-no-prod",
];
const REASONS: Record<string, string> = {
  "triad-starter/subject-active": "the subject is not active",
  "triad-starter/privileged-needs-fresh-mfa": "privileged access needs MFA in the last 15 minutes",
  "triad-starter/nhi-needs-owner": "an NHI without an owner is refused",
  "triad-starter/rotation-overdue": "credential rotation is overdue",
  "triad-starter/agent-tool-outside-boundary": "the tool is outside the agent's boundary",
  "triad-starter/agents-never-approve": "agents can never approve",
  "triad-starter/contractor-no-prod": "contractors may not touch production",
};
const VERSIONS = [hex(64), hex(64), hex(64)];

type Subject = { id: string; name: string; kind: "HUMAN" | "NHI" | "AGENT"; sponsor?: Subject };
const humans: Subject[] = Array.from({ length: 2000 }, () => ({
  id: randomUUID(),
  name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`,
  kind: "HUMAN",
}));
const nhis: Subject[] = Array.from({ length: 8000 }, (_, i) => ({
  id: randomUUID(),
  name: `svc-${pick(SERVICES)}-${i}`,
  kind: "NHI",
}));
const agents: Subject[] = Array.from({ length: 300 }, (_, i) => ({
  id: randomUUID(),
  name: `agent-${pick(["triage", "sales", "ops", "research", "finance"])}-${i}`,
  kind: "AGENT",
  sponsor: pick(humans),
}));
const entitlements = Array.from({ length: 3000 }, () => ({ id: randomUUID(), privileged: rand() < 0.08 }));

const COLS = `COPY "DecisionRecord" (seq, at, decision, "subjectKind", "subjectId", "subjectName", "subjectRef", "onBehalfOfId", action, "resourceType", "resourceId", privileged, policies, "policyVersion", "clientId", "clientName", reason, "traceId", "spanId", request, response, engine, "entitiesHash", cedar) FROM STDIN`;

/** Hourly roll-up counts of the rows generated, keyed by hour and the roll-up's columns. */
type Rollup = Map<string, number>;

function* rows(start: number, first: number, end: number, rollup: Rollup): Generator<string> {
  // Each part of the range draws from its own stream (parts are written concurrently).
  const { rand, hex } = prng(SEED * 7919 + first);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  // Times ascend as a real log's do (rows land in the heap in time order, which BRIN and the
  // (at, seq) scans rely on); the spacing follows a daily rhythm: quieter nights.
  const dayMs = 86_400_000;
  const perDay = COUNT / DAYS;
  for (let i = first; i < end; i++) {
    const day = Math.floor(i / perDay);
    const f = (i - day * perDay) / perDay;
    // 70% of a day's decisions fall between 07:00 and 19:00 UTC.
    const hourFrac =
      f < 0.15
        ? (f / 0.15) * (7 / 24)
        : f < 0.85
          ? 7 / 24 + ((f - 0.15) / 0.7) * (12 / 24)
          : 19 / 24 + ((f - 0.85) / 0.15) * (5 / 24);
    const at = new Date(start + day * dayMs + Math.floor(hourFrac * dayMs));
    const r = rand();
    const s = r < 0.55 ? pick(nhis) : r < 0.8 ? pick(humans) : pick(agents);
    const obo = s.kind === "AGENT" && rand() < 0.7 ? s.sponsor! : null;
    const tool = s.kind === "AGENT" && rand() < 0.6;
    const ent = pick(entitlements);
    const action = tool
      ? "invokeTool"
      : s.kind === "AGENT" && rand() < 0.02
        ? "approve"
        : rand() < 0.8
          ? "readData"
          : "writeData";
    const denyRate = s.kind === "AGENT" ? 0.06 : ent.privileged ? 0.08 : 0.02;
    const deny = action === "approve" || rand() < denyRate;
    const policy = deny
      ? action === "approve"
        ? "triad-starter/agents-never-approve"
        : tool
          ? "triad-starter/agent-tool-outside-boundary"
          : pick(DENY_POLICIES)
      : pick(ALLOW_POLICIES);
    const resourceType = tool ? "tool" : "entitlement";
    const resourceId = tool ? pick(TOOLS) : ent.id;
    const version = VERSIONS[Math.min(2, Math.floor((i / COUNT) * 3))];
    const trace = rand() < 0.5 ? hex(32) : null;
    const c = Math.floor(rand() * CLIENTS.length);
    const subjectType = s.kind.toLowerCase();
    const request = {
      subject: { type: subjectType, id: s.id },
      action: { name: action },
      resource: { type: resourceType, id: resourceId },
      ...(obo ? { context: { onBehalfOf: { type: "human", id: obo.id } } } : {}),
    };
    const reason = deny ? (REASONS[policy] ?? "forbidden") : `permitted by ${policy}`;
    const response = {
      decision: !deny,
      context: { reason_admin: { en: reason }, policies: [policy], policy_set_version: version },
    };
    const keep = deny || (s.kind === "AGENT" && tool) || (ent.privileged && !tool);
    const cedar = keep
      ? [
          {
            request: {
              principal: {
                type: s.kind === "HUMAN" ? "Human" : s.kind === "NHI" ? "Nhi" : "Agent",
                id: s.id,
              },
              action,
              resource: { type: tool ? "Tool" : "Entitlement", id: resourceId },
              context: {},
              entities: [],
            },
            decision: deny ? "deny" : "allow",
            policies: [policy],
          },
        ]
      : null;
    yield (
      [
        (SEQ_BASE + BigInt(i)).toString(),
        at.toISOString(),
        deny ? "DENY" : "ALLOW",
        s.kind,
        s.id,
        s.name,
        `${subjectType}:${s.id}`,
        obo?.id ?? null,
        action,
        resourceType,
        resourceId,
        !tool && ent.privileged,
        [policy],
        version,
        `seed-client-${c}`,
        CLIENTS[c],
        reason,
        trace,
        trace ? hex(16) : null,
        // As on the API path: the request and response are kept with the entity data only.
        keep ? JSON.stringify(request) : null,
        keep ? JSON.stringify(response) : null,
        "cedar-wasm 4.x (seed)",
        hex(64),
        cedar ? JSON.stringify(cedar) : null,
      ]
        .map((v) => cell(v as Cell))
        .join("\t") + "\n"
    );
    // Counted as the decision path's roll-up step would (no scan of the rows afterwards).
    const key = [
      new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000).toISOString(),
      deny ? "DENY" : "ALLOW",
      s.kind,
      action,
      resourceType,
      CLIENTS[c],
      policy,
    ].join("\t");
    rollup.set(key, (rollup.get(key) ?? 0) + 1);
  }
}

async function main() {
  const database = await ensureDatabase();
  await migrate(database.url);
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const say = (k: string, v: string | number) => console.log(`${k}=${v}`);
  try {
    const end = Date.now();
    const start = end - DAYS * 86_400_000;
    const existing = await client.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM "DecisionRecord" WHERE seq >= $1`,
      [SEQ_BASE.toString()],
    );
    if (existing.rows[0].n !== "0") {
      if (!values.reset)
        throw new Error(`${existing.rows[0].n} seeded decisions exist; pass --reset to replace them`);
      const t = Date.now();
      await client.query(`DELETE FROM "DecisionRecord" WHERE seq >= $1`, [SEQ_BASE.toString()]);
      await client.query(`DELETE FROM "DecisionHourly" WHERE "clientName" LIKE 'seed %'`);
      await client.query(`DELETE FROM "DecisionDaily" WHERE "clientName" LIKE 'seed %'`);
      say("RESET_SECONDS", ((Date.now() - t) / 1000).toFixed(1));
    }
    for (let m = 0; m <= Math.ceil(DAYS / 28) + 1; m++) {
      const d = new Date(end);
      await client.query(`SELECT triad_decision_partition($1::date)`, [
        new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, 1)).toISOString().slice(0, 10),
      ]);
    }
    const t0 = Date.now();
    // STREAMS consecutive slices of the history, each COPYed on its own connection (the server
    // spends most of the time maintaining the partitions' indexes: two backends share that).
    const rollups: Rollup[] = [];
    await Promise.all(
      Array.from({ length: STREAMS }, async (_, k) => {
        const first = Math.floor((COUNT * k) / STREAMS);
        const end = Math.floor((COUNT * (k + 1)) / STREAMS);
        const c = new pg.Client({ connectionString: database.url });
        await c.connect();
        try {
          const rollup: Rollup = new Map();
          rollups.push(rollup);
          await copyRows(c, COLS, rows(start, first, end, rollup));
        } finally {
          await c.end();
        }
      }),
    );
    say("SEEDED_DECISIONS", COUNT);
    say("COPY_SECONDS", ((Date.now() - t0) / 1000).toFixed(1));
    const t1 = Date.now();
    // The roll-up counted while generating: COPYed into a scratch table and merged.
    await client.query(`CREATE TEMP TABLE seed_hourly (LIKE "DecisionHourly")`);
    await copyRows(
      client,
      `COPY seed_hourly (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count) FROM STDIN`,
      (function* () {
        const merged: Rollup = new Map();
        for (const r of rollups) for (const [k, n] of r) merged.set(k, (merged.get(k) ?? 0) + n);
        for (const [k, n] of merged) yield `${k}\t${n}\n`;
      })(),
    );
    await client.query(
      `INSERT INTO "DecisionHourly" (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count)
      SELECT hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count FROM seed_hourly
      ON CONFLICT (hour, decision, "subjectKind", action, "resourceType", "clientName", policy) DO UPDATE SET count = "DecisionHourly".count + EXCLUDED.count`,
    );
    // Seeded hours are in the past: the daily roll-up refolds from their first day.
    await client.query(
      `UPDATE "DecisionRollupMark" SET through = LEAST(through, date_bin('1 day', $1::timestamptz, TIMESTAMPTZ '2000-01-01'))`,
      [new Date(start)],
    );
    const { foldDailyRollup } = await import("../lib/explorer/rollup-daily");
    say("DAILY_ROLLUP_DAYS", (await foldDailyRollup()).days);
    say("ROLLUP_SECONDS", ((Date.now() - t1) / 1000).toFixed(1));
    const t2 = Date.now();
    await client.query(`ANALYZE "DecisionRecord"`);
    await client.query(`ANALYZE "DecisionHourly"`);
    say("ANALYZE_SECONDS", ((Date.now() - t2) / 1000).toFixed(1));
    const size = await client.query<{ s: string }>(
      `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"DecisionRecord"'::regclass`,
    );
    say("DECISION_STORE_SIZE", size.rows[0].s);
    say("SAMPLE_AGENT", agents[0].id);
    say("SAMPLE_HUMAN", agents[0].sponsor!.id);
  } finally {
    await client.end();
    const { pool } = await import("../lib/db/pool");
    await pool().end();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
