import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { parseDecisionFilter } from "@/lib/explorer/filter";
import { decisionFacets, decisionTimeline } from "@/lib/explorer/queries";
import { foldDailyRollup, markDailyStale } from "@/lib/explorer/rollup-daily";
import { uid } from "../support/factories";

const HOUR = 3_600_000;

async function addHours(client: string, hoursAgo: number[], kind = "NHI") {
  for (const h of hoursAgo)
    await db.$executeRawUnsafe(
      `INSERT INTO "DecisionHourly" (hour, decision, "subjectKind", action, "resourceType", "clientName", policy, count)
       VALUES (date_trunc('hour', now()) - $1 * interval '1 hour', $2, $3, 'readData', 'entitlement', $4, 'p/one', $5)`,
      h,
      h % 4 === 0 ? "DENY" : "ALLOW",
      kind,
      client,
      1 + (h % 7),
    );
}

async function hourlyTotals(client: string) {
  const rows = await db.$queryRawUnsafe<{ decision: string; n: bigint }[]>(
    `SELECT decision, sum(count)::bigint AS n FROM "DecisionHourly" WHERE "clientName" = $1 AND hour >= date_trunc('hour', now() - interval '30 days') GROUP BY 1`,
    client,
  );
  return Object.fromEntries(rows.map((r) => [r.decision, Number(r.n)]));
}

const filter = (client: string, q = "") =>
  parseDecisionFilter(new URLSearchParams(`window=30d&client=${encodeURIComponent(client)}${q}`));

describe("daily roll-up", () => {
  it("gives the hourly roll-up's facet and timeline counts over 30 days, and refolds days that change", async () => {
    const client = `rollup ${uid()}`;
    // Ragged ends (the window's first and last hours), whole days in between, and the open hour.
    await addHours(client, [0, 1, 2, 5, 23, 24, 25, 47, 48, 100, 200, 300, 500, 700, 718]);
    const folded = await foldDailyRollup();
    expect(folded.through).not.toBeNull();
    const mark = await db.decisionRollupMark.findUniqueOrThrow({ where: { id: 1 } });
    expect(mark.through.getTime() % (24 * HOUR)).toBe(0);
    expect(await db.decisionDaily.count({ where: { clientName: client } })).toBeGreaterThan(5);

    const expected = await hourlyTotals(client);
    const facets = await decisionFacets(filter(client));
    expect(facets.total).toBe((expected.ALLOW ?? 0) + (expected.DENY ?? 0));
    expect(Object.fromEntries(facets.facets.decision!.map((f) => [f.value, f.count]))).toEqual(expected);
    const timeline = await decisionTimeline(filter(client));
    expect(timeline.bucketHours).toBe(24);
    expect(timeline.buckets.reduce((n, b) => n + b.allow, 0)).toBe(expected.ALLOW);
    expect(timeline.buckets.reduce((n, b) => n + b.deny, 0)).toBe(expected.DENY);

    // Hours changed inside a folded day (as a backfill does): counted once the day is refolded.
    await addHours(client, [240], "AGENT");
    await markDailyStale(new Date(Date.now() - 241 * HOUR));
    await foldDailyRollup();
    const after = await decisionFacets(filter(client, "&kind=AGENT"));
    expect(after.total).toBe(1 + (240 % 7));
    expect((await decisionFacets(filter(client, "&kind=NHI,AGENT"))).total).toBe(
      facets.total + 1 + (240 % 7),
    );
  });
});
