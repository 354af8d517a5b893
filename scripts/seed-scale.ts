// Scale seed: `npm run seed:scale -- --humans 20000 --nhis 1000000 --agents 5000 [--reset]`.
// Fills the database through COPY with realistic, varied data (teams, managers, NHIs on many
// platforms with owners, orphans, overdue rotations, vendors; agents with sponsors), computing
// each actor's risk score with the same function the app uses. Secondary indexes are dropped
// for the load and rebuilt after it (faster than maintaining them row by row).
// Uses the embedded database of TRIAD_DATA_DIR (or DATABASE_URL). Prints KEY=value lines.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pg from "pg";
import { cell, copyRows, line } from "./lib/copy";
import { ensureDatabase } from "./lib/runtime";
import { migrate } from "../lib/db/migrate";
import { scoreRisk } from "../lib/risk/score";
import { FIRST_NAMES, LAST_NAMES, prng } from "./lib/synthetic";

const SOURCE = "scale-seed";
const { values } = parseArgs({
  options: {
    humans: { type: "string", default: "20000" },
    nhis: { type: "string", default: "1000000" },
    agents: { type: "string", default: "5000" },
    reset: { type: "boolean", default: false },
    seed: { type: "string", default: "42" },
  },
});
const N = { humans: Number(values.humans), nhis: Number(values.nhis), agents: Number(values.agents) };
for (const [k, v] of Object.entries(N))
  if (!Number.isInteger(v) || v < 0 || v > 5_000_000)
    throw new Error(`--${k} must be a whole number up to 5,000,000`);
if (N.humans < 1 && (N.nhis || N.agents))
  throw new Error("--humans must be at least 1 to own NHIs and sponsor agents");

// Deterministic pseudo-random numbers, so runs are comparable.
const { rand } = prng(Number(values.seed));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number) => rand() < p;
const now = Date.now();
const DAY = 86_400_000;
const daysAgo = (max: number) => new Date(now - Math.floor(rand() * max) * DAY - Math.floor(rand() * DAY));

const DEPTS = [
  "Engineering",
  "Security",
  "Data",
  "Finance",
  "Sales",
  "Marketing",
  "Support",
  "People",
  "Legal",
  "IT",
  "Product",
  "Operations",
];
const TITLES = [
  "Engineer",
  "Senior Engineer",
  "Staff Engineer",
  "Analyst",
  "Manager",
  "Director",
  "Specialist",
  "Architect",
  "Administrator",
];
const SERVICES = [
  "billing",
  "checkout",
  "search",
  "payments",
  "ledger",
  "reporting",
  "ingest",
  "auth-gateway",
  "notifications",
  "pricing",
  "fraud",
  "catalog",
  "crm-sync",
  "etl",
  "metrics",
  "backup",
  "deploy",
  "terraform",
  "argo-cd",
  "support-bot",
];
const ENVS = ["PRODUCTION", "PRODUCTION", "STAGING", "DEVELOPMENT", "SANDBOX"] as const;
const ENV_SHORT: Record<string, string> = {
  PRODUCTION: "prod",
  STAGING: "stg",
  DEVELOPMENT: "dev",
  SANDBOX: "sbx",
};
const PLATFORMS: { name: string; weight: number; types: string[]; prefix: string }[] = [
  { name: "AWS", weight: 28, types: ["SERVICE_ACCOUNT", "API_KEY", "WORKLOAD_IDENTITY"], prefix: "iam" },
  { name: "GCP", weight: 14, types: ["SERVICE_ACCOUNT", "WORKLOAD_IDENTITY", "API_KEY"], prefix: "sa" },
  { name: "Azure", weight: 12, types: ["SERVICE_ACCOUNT", "OAUTH_APP", "CERTIFICATE"], prefix: "spn" },
  {
    name: "Kubernetes",
    weight: 14,
    types: ["WORKLOAD_IDENTITY", "SERVICE_ACCOUNT", "CERTIFICATE"],
    prefix: "k8s",
  },
  { name: "GitHub", weight: 10, types: ["CICD_TOKEN", "SSH_KEY", "OAUTH_APP", "BOT"], prefix: "gh" },
  { name: "Salesforce", weight: 5, types: ["OAUTH_APP", "SERVICE_ACCOUNT"], prefix: "sf" },
  { name: "Slack", weight: 5, types: ["BOT", "OAUTH_APP"], prefix: "slack" },
  { name: "Okta", weight: 4, types: ["API_KEY", "OAUTH_APP"], prefix: "okta" },
  { name: "Snowflake", weight: 5, types: ["SERVICE_ACCOUNT", "SSH_KEY"], prefix: "snow" },
  { name: "Datadog", weight: 3, types: ["API_KEY"], prefix: "dd" },
];
const WEIGHTED = PLATFORMS.flatMap((p) => Array(p.weight).fill(p) as typeof PLATFORMS);
const VENDORS = [
  "Zapier",
  "Workato",
  "Fivetran",
  "Segment",
  "HubSpot",
  "Gong",
  "Notion",
  "Snyk",
  "CircleCI",
  "Vercel",
];
const SCOPES = [
  "read:user",
  "read:org",
  "repo",
  "workflow",
  "api",
  "refresh_token",
  "full",
  "offline_access",
  "chat:write",
  "files:read",
  "admin",
  "users:read",
];
const MODELS = [
  ["claude-sonnet-4", "Anthropic"],
  ["claude-haiku-4", "Anthropic"],
  ["gpt-5", "OpenAI"],
  ["gpt-5-mini", "OpenAI"],
  ["gemini-2.5-pro", "Google"],
  ["llama-4", "Meta"],
];
const RUNTIMES = ["LangGraph", "CrewAI", "Bedrock Agents", "OpenAI Agents SDK", "custom", "Semantic Kernel"];
const TOOLS = [
  "search",
  "summarize",
  "read_repo",
  "open_pr",
  "deploy_prod",
  "query_ledger",
  "send_email",
  "create_ticket",
  "delete_records",
  "exec_shell",
  "read_calendar",
  "payments_transfer",
];

const ACTOR_COLS = `COPY "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, environment, tags, "riskScore", "teamId", "createdAt", "updatedAt", "lastSeenAt") FROM STDIN`;

async function main() {
  const t0 = Date.now();
  const database = await ensureDatabase();
  await migrate(database.url);
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const say = (k: string, v: string | number) => console.log(`${k}=${v}`);
  try {
    const admin = await pool.connect();
    const existing = await admin.query(`SELECT count(*)::int AS n FROM "Actor" WHERE "sourceSystem" = $1`, [
      SOURCE,
    ]);
    if (existing.rows[0].n > 0) {
      if (!values.reset)
        throw new Error(
          `${existing.rows[0].n} scale-seed actors already exist; pass --reset to replace them`,
        );
      const tr = Date.now();
      // A cascading DELETE of 1M actors checks every foreign key row by row (minutes). Scale-seed
      // actors only have profiles, so delete those and the actors directly with FK triggers off,
      // unless something else now references them (then take the slow, checked path).
      await admin.query("BEGIN");
      await admin.query(
        `CREATE TEMP TABLE scale_gone ON COMMIT DROP AS SELECT id FROM "Actor" WHERE "sourceSystem" = $1`,
        [SOURCE],
      );
      const { rows: refs } = await admin.query<{ n: number }>(`SELECT (
        (SELECT count(*) FROM "Grant" WHERE "actorId" IN (SELECT id FROM scale_gone)) + (SELECT count(*) FROM "Credential" WHERE "actorId" IN (SELECT id FROM scale_gone)) +
        (SELECT count(*) FROM "User" WHERE "actorId" IN (SELECT id FROM scale_gone)) + (SELECT count(*) FROM "ReviewItem" WHERE "actorId" IN (SELECT id FROM scale_gone)) +
        (SELECT count(*) FROM "AccessRequest" WHERE "subjectId" IN (SELECT id FROM scale_gone) OR "requesterId" IN (SELECT id FROM scale_gone)) +
        (SELECT count(*) FROM "NhiProfile" n JOIN "Actor" a ON a.id = n."actorId" WHERE a."sourceSystem" <> '${SOURCE}' AND (n."ownerId" IN (SELECT id FROM scale_gone)))
      )::int AS n`);
      if (refs[0].n === 0) {
        await admin.query("SET LOCAL session_replication_role = replica");
        for (const t of ["NhiProfile", "HumanProfile", "AgentProfile", "TeamMember"])
          await admin.query(`DELETE FROM "${t}" WHERE "actorId" IN (SELECT id FROM scale_gone)`);
        await admin.query(`DELETE FROM "Actor" WHERE id IN (SELECT id FROM scale_gone)`);
      } else {
        await admin.query(`DELETE FROM "Actor" WHERE "sourceSystem" = $1`, [SOURCE]);
      }
      await admin.query(`DELETE FROM "Team" WHERE "externalId" LIKE 'scale-seed:%'`);
      await admin.query("COMMIT");
      say("RESET_SECONDS", ((Date.now() - tr) / 1000).toFixed(1));
    }
    const tLoad = Date.now();
    // Drop secondary indexes of the loaded tables; keep primary keys. Rebuilt below (also on failure).
    const { rows: idx } = await admin.query<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename IN ('Actor','NhiProfile','HumanProfile','AgentProfile') AND indexname NOT LIKE '%_pkey'`,
    );
    for (const i of idx) await admin.query(`DROP INDEX IF EXISTS "${i.name}"`);
    admin.release();
    try {
      // Teams
      const teams = Array.from({ length: 60 }, (_, i) => ({
        id: randomUUID(),
        name: `${pick(DEPTS)} ${["Core", "Platform", "Apps", "Infra", "Insights", "Growth"][i % 6]} ${i + 1}`,
      }));
      const c0 = await pool.connect();
      await copyRows(
        c0,
        `COPY "Team" (id, name, "externalId") FROM STDIN`,
        teams.map((t) => line([t.id, `${t.name} (scale)`, `scale-seed:${t.id}`])),
      );

      // Humans: the first 5% are managers of the rest.
      const humans = Array.from({ length: N.humans }, (_, i) => ({ id: randomUUID(), i }));
      const managers = humans.slice(0, Math.max(1, Math.floor(N.humans * 0.05)));
      const humanActorRows: string[] = [];
      const humanProfileRows: string[] = [];
      for (const h of humans) {
        const name = `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)}`;
        const status = chance(0.02) ? "OFFBOARDING" : chance(0.01) ? "SUSPENDED" : "ACTIVE";
        const mfa = chance(0.9);
        const employment = chance(0.1) ? "CONTRACTOR" : chance(0.01) ? "ON_LEAVE" : "EMPLOYEE";
        const risk = scoreRisk({
          kind: "HUMAN",
          status,
          human: { mfaEnrolled: mfa, employmentStatus: employment },
        }).score;
        const created = daysAgo(2000);
        humanActorRows.push(
          line([
            h.id,
            "HUMAN",
            name,
            `emp-${h.i}`,
            SOURCE,
            status,
            "PRODUCTION",
            [],
            risk,
            pick(teams).id,
            created,
            created,
            daysAgo(30),
          ]),
        );
        const manager = h.i < managers.length ? (h.i === 0 ? null : managers[0].id) : pick(managers).id;
        humanProfileRows.push(
          line([
            h.id,
            `${name.toLowerCase().replace(/\s+/g, ".")}.${h.i}@scale.example`,
            pick(DEPTS),
            pick(TITLES),
            manager,
            mfa,
            employment,
            chance(0.6) ? daysAgo(365) : null,
          ]),
        );
      }
      await copyRows(c0, ACTOR_COLS, humanActorRows);
      await copyRows(
        c0,
        `COPY "HumanProfile" ("actorId", email, department, title, "managerId", "mfaEnrolled", "employmentStatus", "lastCertifiedAt") FROM STDIN`,
        humanProfileRows,
      );
      const leavers = new Set(humans.filter(() => chance(0.01)).map((h) => h.id));

      // NHIs and agents: two COPY streams on two connections, generated lazily.
      const c1 = await pool.connect();
      const c2 = await pool.connect();
      // session_replication_role = replica skips FK triggers during the bulk load (rows are
      // generated consistent); the embedded database user is a superuser.
      for (const c of [c1, c2])
        await c.query(`SET session_replication_role = replica`).catch(() => undefined);
      const nhiIds: string[] = new Array(N.nhis);
      function* nhiActors(from: number, to: number) {
        for (let i = from; i < to; i++) {
          const id = randomUUID();
          nhiIds[i] = id;
          const p = pick(WEIGHTED);
          const type = pick(p.types);
          const env = pick(ENVS);
          const svc = pick(SERVICES);
          const name = `${p.prefix}-${svc}-${ENV_SHORT[env]}-${i}`;
          const r = rand();
          const claim = r < 0.7 ? "OWNED" : r < 0.9 ? "UNCLAIMED" : r < 0.95 ? "ORPHANED" : "CLAIM_PENDING";
          const owner = claim === "OWNED" || claim === "CLAIM_PENDING" ? pick(humans).id : null;
          const period = pick([30, 90, 90, 180, 365, null]);
          const lastRotated = period ? daysAgo(period * 2.2) : null;
          const expires =
            type === "CERTIFICATE" || type === "CICD_TOKEN"
              ? new Date(now + (rand() * 500 - 60) * DAY)
              : null;
          const lastUsed = chance(0.95) ? daysAgo(chance(0.8) ? 30 : 400) : null;
          const vendor = type === "OAUTH_APP" && chance(0.5) ? pick(VENDORS) : null;
          const scopes =
            type === "OAUTH_APP"
              ? Array.from(new Set(Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(SCOPES))))
              : [];
          const flagged = owner !== null && leavers.has(owner);
          const status = chance(0.03) ? "SUSPENDED" : "ACTIVE";
          const risk = scoreRisk({
            kind: "NHI",
            status,
            flaggedAt: flagged ? new Date(now) : null,
            privilegedGrants: 0,
            nhi: {
              ownerId: claim === "OWNED" ? owner : null,
              claimStatus: claim,
              rotationPeriodDays: period,
              lastRotatedAt: lastRotated,
              expiresAt: expires,
              lastUsedAt: lastUsed,
              vendor,
              oauthScopes: scopes,
            },
          }).score;
          const created = daysAgo(1500);
          nhiProfile[i] = line([
            id,
            type,
            p.name,
            `${p.name.toLowerCase()}-${1000 + (i % 97)}`,
            claim === "OWNED" ? owner : null,
            claim === "OWNED" ? created : null,
            claim === "CLAIM_PENDING" ? owner : null,
            claim,
            period,
            lastRotated,
            period && lastRotated ? new Date(lastRotated.getTime() + period * DAY) : null,
            expires,
            lastUsed,
            vendor,
            scopes,
          ]);
          const row = [
            id,
            "NHI",
            name,
            `${p.name.toLowerCase()}:${name}`,
            SOURCE,
            status,
            env,
            chance(0.2) ? [svc] : [],
            risk,
            pick(teams).id,
            created,
            created,
            lastUsed,
          ] as Parameters<typeof cell>[0][];
          yield line(row);
        }
      }
      const nhiProfile: string[] = new Array(N.nhis);
      const tNhi = Date.now();
      // Two halves on two connections at once: PostgreSQL parses and inserts on both cores while
      // this process generates rows (FK checks are off, so the profile order does not matter).
      const half = Math.floor(N.nhis / 2);
      const NHI_COLS = `COPY "NhiProfile" ("actorId", "nhiType", platform, "platformAccount", "ownerId", "ownerSince", "pendingOwnerId", "claimStatus", "rotationPeriodDays", "lastRotatedAt", "rotationDueAt", "expiresAt", "lastUsedAt", vendor, "oauthScopes") FROM STDIN`;
      await Promise.all([
        copyRows(c1, ACTOR_COLS, nhiActors(0, half)),
        copyRows(c2, ACTOR_COLS, nhiActors(half, N.nhis)),
      ]);
      const slice = function* (from: number, to: number) {
        for (let i = from; i < to; i++) yield nhiProfile[i];
      };
      const c3 = await pool.connect();
      await c3.query(`SET session_replication_role = replica`).catch(() => undefined);
      // Profiles stream in parallel (two halves), then the agents.
      const profiles = Promise.all([
        copyRows(c1, NHI_COLS, slice(0, half)),
        copyRows(c3, NHI_COLS, slice(half, N.nhis)),
      ]).finally(() => c3.release());
      const agentActorRows: string[] = [];
      const agentProfileRows: string[] = [];
      for (let i = 0; i < N.agents; i++) {
        const id = randomUUID();
        const [model, provider] = pick(MODELS);
        const sponsor = chance(0.9) ? pick(humans).id : null;
        const autonomy = pick(["SUGGEST_ONLY", "ACT_WITH_APPROVAL", "ACT_WITH_APPROVAL", "BOUNDED_AUTONOMY"]);
        const tools = Array.from(
          new Set(Array.from({ length: 1 + Math.floor(rand() * 5) }, () => pick(TOOLS))),
        );
        const env = pick(ENVS);
        const risk = scoreRisk({
          kind: "AGENT",
          status: "ACTIVE",
          flaggedAt: sponsor && leavers.has(sponsor) ? new Date(now) : null,
          agent: { sponsorId: sponsor, autonomyLevel: autonomy, toolAllowList: tools },
        }).score;
        const created = daysAgo(400);
        const active = chance(0.85) ? daysAgo(20) : null;
        agentActorRows.push(
          line([
            id,
            "AGENT",
            `${pick(SERVICES)}-agent-${i}`,
            `agent-${i}`,
            SOURCE,
            "ACTIVE",
            env,
            [],
            risk,
            pick(teams).id,
            created,
            created,
            active,
          ]),
        );
        agentProfileRows.push(
          line([
            id,
            model,
            provider,
            pick(RUNTIMES),
            sponsor,
            tools,
            autonomy,
            pick([15, 30, 60, 240]),
            pick(["SPONSOR", "TEAM", "NONE"]),
            active,
          ]),
        );
      }
      await copyRows(c2, ACTOR_COLS, agentActorRows);
      await copyRows(
        c2,
        `COPY "AgentProfile" ("actorId", model, provider, runtime, "sponsorId", "toolAllowList", "autonomyLevel", "maxSessionTtlMinutes", "onBehalfOf", "lastActiveAt") FROM STDIN`,
        agentProfileRows,
      );
      await profiles;
      say("NHI_COPY_SECONDS", ((Date.now() - tNhi) / 1000).toFixed(1));
      // Leavers: flag the humans and what they own or sponsor (as SCIM active=false would).
      if (leavers.size) {
        await c2.query(
          `UPDATE "Actor" SET status = 'OFFBOARDING', "flaggedAt" = now(), "flaggedReason" = 'Scale seed: leaving' WHERE id = ANY($1::uuid[])`,
          [[...leavers]],
        );
      }
      for (const c of [c0, c1, c2]) c.release();
    } finally {
      // Rebuild the dropped indexes, two at a time (one per core).
      const tIdx = Date.now();
      const queue = [...idx].sort((a, b) => Number(b.def.includes("gin")) - Number(a.def.includes("gin")));
      await Promise.all(
        [0, 1].map(async () => {
          const c = await pool.connect();
          await c.query(`SET maintenance_work_mem = '256MB'`);
          for (let i = queue.shift(); i; i = queue.shift()) await c.query(i.def);
          c.release();
        }),
      );
      say("INDEX_SECONDS", ((Date.now() - tIdx) / 1000).toFixed(1));
    }
    const c = await pool.connect();
    await c.query(
      `UPDATE "Actor" a SET "flaggedAt" = now(), "flaggedReason" = 'Scale seed: owner leaving' FROM "NhiProfile" n JOIN "Actor" h ON h.id = n."ownerId" AND h."flaggedAt" IS NOT NULL WHERE a.id = n."actorId" AND a."flaggedAt" IS NULL AND a."sourceSystem" = '${SOURCE}'`,
    );
    await c.query(
      `ANALYZE "Actor"; ANALYZE "NhiProfile"; ANALYZE "HumanProfile"; ANALYZE "AgentProfile"; ANALYZE "Team"`,
    );
    c.release();
    say("HUMANS", N.humans);
    say("NHIS", N.nhis);
    say("AGENTS", N.agents);
    // SEED_SECONDS: generating, loading, indexing and analysing (without removing a previous seed).
    say("SEED_SECONDS", ((Date.now() - tLoad) / 1000).toFixed(1));
    say("TOTAL_SECONDS", ((Date.now() - t0) / 1000).toFixed(1));
  } finally {
    await pool.end();
    await database.stop();
  }
}

main().catch((e: unknown) => {
  console.error(`seed:scale failed: ${(e as Error).message}`);
  process.exit(1);
});
