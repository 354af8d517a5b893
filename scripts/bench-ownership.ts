// `npm run bench:ownership`: latency of the ownership area's hot paths on the database of
// TRIAD_DATA_DIR / TRIAD_EMBEDDED_PG_PORT (or DATABASE_URL) — run it on a database seeded at
// scale (e.g. after `npm run bench:dashboard` put 1,000,000 NHIs in it).
// Measures: dashboard ownership summary, claim queue page 1 (risk order) and its capped count,
// rotation board (overdue, all NHIs), and token issuance (sign ES256 + ledger entry) sequential
// and 8 at a time. Prints KEY=value lines (p50/p95 ms, tokens per second).
import { performance } from "node:perf_hooks";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TOKENS = Number(process.env.BENCH_TOKENS ?? 300);

function pct(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function time(name: string, fn: () => Promise<unknown>, runs = RUNS): Promise<void> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  console.log(`${name}_P50_MS=${pct(samples, 50).toFixed(1)}`);
  console.log(`${name}_P95_MS=${pct(samples, 95).toFixed(1)}`);
}

async function main() {
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { migrate } = await import("../lib/db/migrate");
  await migrate(database.url);
  const { db } = await import("../lib/db");
  const { getOwnershipSummary } = await import("../lib/ownership/summary");
  const { listClaimQueue, queueTable } = await import("../lib/ownership/queries");
  const { parseTableParams } = await import("../lib/table/search-params");
  const { listRotationBoard } = await import("../lib/rotation/queries");
  const { createActorClient } = await import("../lib/tokens/clients");
  const { issueToken } = await import("../lib/tokens/issue");

  console.log(`NHIS=${await db.nhiProfile.count()}`);
  const { recomputeRotationDue } = await import("../lib/rotation/mutations");
  const r0 = performance.now();
  const updated = await recomputeRotationDue(db);
  console.log(`RECOMPUTE_ROTATION_DUE_ALL_ROWS=${updated}`);
  console.log(`RECOMPUTE_ROTATION_DUE_ALL_MS=${(performance.now() - r0).toFixed(0)}`);
  const r1 = performance.now();
  console.log(`RECOMPUTE_ROTATION_DUE_UNCHANGED_ROWS=${await recomputeRotationDue(db)}`);
  console.log(`RECOMPUTE_ROTATION_DUE_UNCHANGED_MS=${(performance.now() - r1).toFixed(0)}`);
  await db.$executeRawUnsafe(`VACUUM ANALYZE "NhiProfile"`);
  const admin = {
    ledger: { id: "bench", kind: "SYSTEM" as const, name: "bench" },
    actorId: null,
    isAdmin: true,
  };
  await time("SUMMARY", () => getOwnershipSummary());
  await time("QUEUE_PAGE1", () => listClaimQueue(parseTableParams({}, queueTable), null));
  await time("QUEUE_ORPHANED", () =>
    listClaimQueue(parseTableParams({ status: "ORPHANED" }, queueTable), null),
  );
  await time("ROTATION_OVERDUE_ALL", () =>
    listRotationBoard(admin, { bucket: "overdue", scope: "all", page: 1, size: 25 }),
  );

  // Token issuance: one owned, rotated NHI with client credentials.
  const stamp = Date.now();
  const owner = await db.actor.create({
    data: {
      kind: "HUMAN",
      displayName: "Bench Owner",
      externalId: `bench-owner-${stamp}`,
      sourceSystem: "bench",
      human: { create: { email: `bench-owner-${stamp}@bench.example`, department: "Bench", title: "Owner" } },
    },
  });
  const nhi = await db.actor.create({
    data: {
      kind: "NHI",
      displayName: `bench-token-nhi-${stamp}`,
      externalId: `bench-token-${stamp}`,
      sourceSystem: "bench",
      nhi: {
        create: {
          nhiType: "SERVICE_ACCOUNT",
          platform: "bench",
          ownerId: owner.id,
          ownerSince: new Date(),
          claimStatus: "OWNED",
          lastRotatedAt: new Date(),
          rotationDueAt: new Date(Date.now() + 90 * 86_400_000),
        },
      },
    },
  });
  const { clientId, clientSecret } = await createActorClient({
    actorId: nhi.id,
    audiences: ["https://bench.internal"],
    scopes: ["bench:read"],
  });
  const creds = { clientId, clientSecret };
  const body = { grant_type: "client_credentials", audience: "https://bench.internal" };
  await time(
    "TOKEN_ISSUE",
    async () => {
      const r = await issueToken(creds, body);
      if (!r.ok) throw new Error(r.description);
    },
    50,
  );
  const t = performance.now();
  let issued = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (issued < TOKENS) {
        issued++;
        const r = await issueToken(creds, body);
        if (!r.ok) throw new Error(r.description);
      }
    }),
  );
  console.log(`TOKENS_PER_SECOND_CONCURRENCY_8=${(TOKENS / ((performance.now() - t) / 1000)).toFixed(0)}`);
  const refusedT = performance.now();
  for (let i = 0; i < 50; i++) await issueToken({ clientId, clientSecret: "wrong" }, body);
  console.log(`TOKEN_REFUSAL_MEAN_MS=${((performance.now() - refusedT) / 50).toFixed(1)}`);
  await db.$disconnect();
  await database.stop();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
