// Fills the decision explorer's store with a realistic decision history through COPY:
//   npm run seed:decisions -- --count 1000000 [--days 90] [--reset]
// All three actor kinds, ~3% denies, agents acting on behalf of humans, a daily rhythm, five
// API clients, a dozen determining policies, W3C trace ids on half the calls. Rows go into
// "DecisionRecord" (partitioned by month) in time order and the hourly roll-up is rebuilt for
// them. Seeded rows use ledger seqs from 10^12 up and API clients named "seed …": they are
// explorer data only (no ledger entries), removable with --reset.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { ensureDatabase } from "./lib/runtime";
import { migrate } from "../lib/db/migrate";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "1000000" },
    days: { type: "string", default: "90" },
    reset: { type: "boolean", default: false },
    seed: { type: "string", default: "7" },
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

let state = Number(values.seed) >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");

const esc = (v: string) =>
  v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
const cell = (v: string | number | boolean | null | string[]): string => {
  if (v === null) return "\\N";
  if (Array.isArray(v)) return esc(`{${v.map((x) => `"${x}"`).join(",")}}`);
  if (typeof v === "boolean") return v ? "t" : "f";
  return esc(String(v));
};

const FIRST = [
  "Ada",
  "Ben",
  "Chen",
  "Dana",
  "Eli",
  "Fatima",
  "Gus",
  "Hana",
  "Ivan",
  "Jo",
  "Kofi",
  "Lena",
  "Mateo",
  "Nia",
  "Omar",
  "Priya",
  "Quinn",
  "Rosa",
  "Sami",
  "Tomas",
];
const LAST = [
  "Adams",
  "Baker",
  "Costa",
  "Dubois",
  "Evans",
  "Fischer",
  "Garcia",
  "Haddad",
  "Ito",
  "Jensen",
  "Kowalski",
  "Larsen",
  "Moreau",
  "Okafor",
  "Patel",
  "Rossi",
];
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
  name: `${pick(FIRST)} ${pick(LAST)}`,
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

function* rows(start: number): Generator<string> {
  // Times ascend as a real log's do (rows land in the heap in time order, which BRIN and the
  // (at, seq) scans rely on); the spacing follows a daily rhythm: quieter nights.
  const dayMs = 86_400_000;
  const perDay = COUNT / DAYS;
  for (let i = 0; i < COUNT; i++) {
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
        .map((v) => cell(v as string | number | boolean | null | string[]))
        .join("\t") + "\n"
    );
  }
}

function batched(gen: Generator<string>, size = 2000): Readable {
  return Readable.from(
    (function* () {
      let buf: string[] = [];
      for (const line of gen) {
        buf.push(line);
        if (buf.length >= size) {
          yield buf.join("");
          buf = [];
        }
      }
      if (buf.length) yield buf.join("");
    })(),
  );
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
      say("RESET_SECONDS", ((Date.now() - t) / 1000).toFixed(1));
    }
    for (let m = 0; m <= Math.ceil(DAYS / 28) + 1; m++) {
      const d = new Date(end);
      await client.query(`SELECT triad_decision_partition($1::date)`, [
        new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - m, 1)).toISOString().slice(0, 10),
      ]);
    }
    const t0 = Date.now();
    await pipeline(batched(rows(start)), client.query(copyFrom(COLS)));
    say("SEEDED_DECISIONS", COUNT);
    say("COPY_SECONDS", ((Date.now() - t0) / 1000).toFixed(1));
    const t1 = Date.now();
    await client.query(
      `INSERT INTO "DecisionHourly" (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count)
      SELECT date_trunc('hour', at), decision, "subjectKind", action, "resourceType", "clientName", COALESCE(policies[1], ''), count(*)
      FROM "DecisionRecord" WHERE seq >= $1 GROUP BY 1, 2, 3, 4, 5, 6, 7
      ON CONFLICT (hour, decision, "subjectKind", action, "resourceType", "clientName", policy) DO UPDATE SET count = "DecisionHourly".count + EXCLUDED.count`,
      [SEQ_BASE.toString()],
    );
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
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
