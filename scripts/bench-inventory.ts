// `npm run bench:inventory`: times the queries the inventory pages run against the scale seed
// (run `npm run seed:scale` first) and a 100,000-row CSV import. Prints p50/p95 per query in ms
// (each "query" = the page's rows query + its total count, run concurrently as the page does).
// Uses the embedded database of TRIAD_DATA_DIR (or DATABASE_URL). Options: --runs N, --skip-import,
// --skip-scim (the SCIM run, scripts/bench-scim.ts, follows by default).
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import pg from "pg";
import { ensureDatabase } from "./lib/runtime";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    "skip-import": { type: "boolean", default: false },
    "import-rows": { type: "string", default: "100000" },
    "skip-scim": { type: "boolean", default: false },
  },
});
const RUNS = Math.max(5, Number(values.runs) || 30);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** Removes the imported bench actors quickly (they only have NHI profiles; FK triggers off). */
async function removeBenchRows(ownerUrl: string, source: string) {
  // As the owner: turning foreign-key triggers off is beyond the console's own role.
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    await client.query(
      `DELETE FROM "NhiProfile" WHERE "actorId" IN (SELECT id FROM "Actor" WHERE "sourceSystem" LIKE $1)`,
      [source],
    );
    await client.query(`DELETE FROM "Actor" WHERE "sourceSystem" LIKE $1`, [source]);
    await client.query("COMMIT");
  } finally {
    await client.end();
  }
}

async function main() {
  const database = await ensureDatabase();
  const { db } = await import("../lib/db");
  const { listInventory } = await import("../lib/inventory/list");
  const { parseInventoryParams } = await import("../lib/inventory/schemas");
  const { encodeCursor, explainPage } = await import("../lib/inventory/list");
  try {
    await removeBenchRows(database.url, "bench-%");
    const [{ n: nhis }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "NhiProfile"`;
    const [{ n: actors }] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Actor"`;
    console.log(`ACTORS=${actors}`);
    console.log(`NHIS=${nhis}`);
    // The row counts that drive the plans of the filtered queries below (to reproduce a figure).
    const [drive] = await db.$queryRaw<{ overdue: bigint; prod: bigint; both: bigint; noOwner: bigint }[]>`
      SELECT count(*) FILTER (WHERE n."rotationDueAt" < now()) AS overdue,
             count(*) FILTER (WHERE a.environment = 'PRODUCTION') AS prod,
             count(*) FILTER (WHERE n."rotationDueAt" < now() AND a.environment = 'PRODUCTION') AS both,
             count(*) FILTER (WHERE n."ownerId" IS NULL) AS "noOwner"
      FROM "NhiProfile" n JOIN "Actor" a ON a.id = n."actorId"`;
    console.log(
      `NHIS_OVERDUE=${drive.overdue} NHIS_PRODUCTION=${drive.prod} NHIS_OVERDUE_IN_PRODUCTION=${drive.both} NHIS_NO_OWNER=${drive.noOwner}`,
    );
    // A cursor half-way through the NHIs by name: the "deep page" (page ~10,000 of 50 rows).
    const [mid] = await db.$queryRaw<{ id: string; displayName: string }[]>`
      SELECT a.id, a."displayName" FROM "Actor" a WHERE a.kind = 'NHI' ORDER BY a."displayName", a.id OFFSET ${Number(nhis) / 2} LIMIT 1`;
    const [platform] = await db.$queryRaw<
      { platform: string }[]
    >`SELECT platform FROM "NhiProfile" GROUP BY platform ORDER BY count(*) DESC LIMIT 1`;
    const [someone] = await db.$queryRaw<
      { email: string }[]
    >`SELECT email FROM "HumanProfile" ORDER BY "actorId" LIMIT 1 OFFSET 777`;
    const deepCursor = mid ? encodeCursor({ v: mid.displayName, id: mid.id }) : undefined;

    const cases: { name: string; view: "all" | "humans" | "nhis" | "agents"; raw: Record<string, string> }[] =
      [
        { name: "nhis_first_page", view: "nhis", raw: {} },
        { name: "all_first_page", view: "all", raw: {} },
        {
          name: "nhis_platform_no_owner_by_risk",
          view: "nhis",
          raw: { platform: platform?.platform ?? "AWS", noOwner: "1", sort: "riskScore.desc" },
        },
        {
          name: "nhis_overdue_prod_by_rotation_due",
          view: "nhis",
          raw: { overdue: "1", env: "PRODUCTION", sort: "rotationDueAt.asc" },
        },
        { name: "nhis_critical_risk", view: "nhis", raw: { risk: "CRITICAL", sort: "riskScore.desc" } },
        { name: "nhis_deep_page_keyset", view: "nhis", raw: deepCursor ? { cursor: deepCursor } : {} },
        { name: "nhis_offset_page_200", view: "nhis", raw: { page: "200" } },
        { name: "nhis_search_name", view: "nhis", raw: { q: "billing-prod-12" } },
        { name: "all_search_email", view: "all", raw: { q: someone?.email.slice(0, 14) ?? "ada" } },
        { name: "humans_search_sorted", view: "humans", raw: { q: "patel", sort: "department.asc" } },
        { name: "agents_no_sponsor", view: "agents", raw: { noOwner: "1" } },
      ];
    let worst = 0;
    for (const c of cases) {
      const params = parseInventoryParams(c.raw);
      for (let i = 0; i < 3; i++) await listInventory(c.view, params);
      const times: number[] = [];
      let rows = 0;
      let total = "";
      for (let i = 0; i < RUNS; i++) {
        const t = performance.now();
        const page = await listInventory(c.view, params);
        times.push(performance.now() - t);
        rows = page.rows.length;
        total = `${page.total.kind === "estimate" ? "~" : ""}${page.total.value}${page.total.kind === "capped" ? "+" : ""}`;
      }
      const p95 = pct(times, 95);
      worst = Math.max(worst, p95);
      // The scan that drives the page's plan and the rows it walked: what makes the figure.
      const plan = await explainPage(c.view, params);
      console.log(
        `QUERY=${c.name} P50_MS=${pct(times, 50).toFixed(1)} P95_MS=${p95.toFixed(1)} ROWS=${rows} TOTAL=${total} PLAN_SCAN=${plan.scan} PLAN_ROWS_WALKED=${plan.walked} PLAN_EXEC_MS=${plan.ms.toFixed(1)}`,
      );
    }
    console.log(`WORST_P95_MS=${worst.toFixed(1)}`);

    if (!values["skip-import"]) {
      const { previewImport, runImport } = await import("../lib/import/jobs");
      const n = Number(values["import-rows"]);
      const source = `bench-${Date.now()}`;
      const lines = [
        "source_system,external_id,display_name,nhi_type,platform,rotation_period_days,last_rotated_at,last_used_at,oauth_scopes,environment",
      ];
      const types = ["SERVICE_ACCOUNT", "API_KEY", "CICD_TOKEN", "WORKLOAD_IDENTITY"];
      for (let i = 0; i < n; i++)
        lines.push(
          `${source},svc-${i},bench service ${i},${types[i % 4]},${["AWS", "GCP", "Azure"][i % 3]},90,2026-0${1 + (i % 9)}-15,2026-11-2${i % 9},read write,PRODUCTION`,
        );
      const bytes = new TextEncoder().encode(lines.join("\n"));
      const t = performance.now();
      const preview = await previewImport("nhis", "bench.csv", bytes, null);
      const tPreview = performance.now() - t;
      if (!preview.valid) throw new Error(`bench CSV invalid: ${JSON.stringify(preview.errors.slice(0, 3))}`);
      const summary = await runImport(preview.jobId, "nhis", bytes, {
        id: "bench",
        kind: "SYSTEM",
        name: "bench:inventory",
      });
      const total = performance.now() - t;
      console.log(
        `IMPORT_ROWS=${n} IMPORT_PREVIEW_S=${(tPreview / 1000).toFixed(1)} IMPORT_TOTAL_S=${(total / 1000).toFixed(1)} CREATED=${summary.created}`,
      );
      // Re-import of the same file: must change nothing.
      const t2 = performance.now();
      const p2 = await previewImport("nhis", "bench.csv", bytes, null);
      const again = await runImport(p2.jobId, "nhis", bytes, {
        id: "bench",
        kind: "SYSTEM",
        name: "bench:inventory",
      });
      console.log(
        `REIMPORT_TOTAL_S=${((performance.now() - t2) / 1000).toFixed(1)} UNCHANGED=${again.unchanged}`,
      );
      await removeBenchRows(database.url, source);
    }
  } finally {
    await db.$disconnect();
    await database.stop();
  }
  // The import-sized SCIM run (npm run bench:scim) in its own process, with its own lean server.
  if (!values["skip-scim"]) {
    const scim = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-scim.ts"], {
      stdio: "inherit",
    });
    if (scim.status !== 0) throw new Error("bench:scim failed");
  }
}

main().catch((e: unknown) => {
  console.error(`bench:inventory failed: ${(e as Error).message}`);
  process.exit(1);
});
