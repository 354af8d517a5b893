import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import {
  getActorSummary,
  getClaimSummary,
  getDashboard,
  getLedgerIntegrity,
  getLedgerSummary,
  getPlatformSummary,
} from "@/lib/dashboard/queries";
import { makeActor, makeHuman, uid } from "../support/factories";

// The dashboard reads against a real database. Other files share it, so we assert on deltas.
describe("dashboard queries", () => {
  it("counts actors by kind and status, exactly on a small inventory", async () => {
    const before = await getActorSummary();
    const owner = await makeHuman();
    await makeActor("NHI", { ownerId: owner.id });
    await makeActor("NHI");
    const agent = await makeActor("AGENT", { sponsorId: owner.id });
    await db.actor.update({ where: { id: agent.id }, data: { status: "SUSPENDED" } });
    const after = await getActorSummary();

    expect(after.HUMAN.total.count - before.HUMAN.total.count).toBe(1);
    expect(after.NHI.total.count - before.NHI.total.count).toBe(2);
    expect(after.NHI.byStatus.ACTIVE.count - before.NHI.byStatus.ACTIVE.count).toBe(2);
    expect(after.AGENT.byStatus.SUSPENDED.count - before.AGENT.byStatus.SUSPENDED.count).toBe(1);
    expect(after.NHI.total.estimated).toBe(false);
    const exact = await db.actor.count({ where: { kind: "NHI" } });
    expect(after.NHI.total.count).toBe(exact);
  });

  it("counts NHIs by claim status and platform", async () => {
    const platform = `dash-${uid()}`;
    const [claimsBefore, platformsBefore] = await Promise.all([getClaimSummary(), getPlatformSummary()]);
    const owner = await makeHuman();
    await makeActor("NHI", { platform, ownerId: owner.id });
    await makeActor("NHI", { platform });
    await makeActor("NHI", { platform });
    const [claims, platforms] = await Promise.all([getClaimSummary(), getPlatformSummary()]);

    const by = (rows: typeof claims, s: string) => rows.find((r) => r.status === s)?.count ?? 0;
    expect(by(claims, "OWNED") - by(claimsBefore, "OWNED")).toBe(1);
    expect(by(claims, "UNCLAIMED") - by(claimsBefore, "UNCLAIMED")).toBe(2);
    expect(claims.map((c) => c.status)).toEqual(["OWNED", "CLAIM_PENDING", "UNCLAIMED", "ORPHANED"]);
    const sum = (rows: typeof platforms) => rows.reduce((a, r) => a + r.count, 0);
    expect(sum(platforms) - sum(platformsBefore)).toBe(3);
    expect(platforms.length).toBeLessThanOrEqual(11);
    const ours = platforms.find((p) => p.key === platform);
    if (ours) expect(ours.count).toBe(3);
  });

  it("reports ledger totals, the latest entries and an intact chain", async () => {
    const before = await getLedgerSummary();
    const action = `test.dashboard-${uid()}` as const;
    await db.$transaction((tx) =>
      appendLedger(
        tx,
        [1, 2, 3].map((i) => ({ actor: SYSTEM_ACTOR, action, target: `test:${i}` })),
      ),
    );
    const after = await getLedgerSummary(8);

    expect(after.total - before.total).toBe(3);
    expect(after.total).toBe(await db.logEntry.count());
    expect(after.last24h - before.last24h).toBe(3);
    expect(after.latest.length).toBeLessThanOrEqual(8);
    expect(after.latest[0]).toMatchObject({
      action,
      target: "test:3",
      actorKind: "SYSTEM",
      seq: String(after.total),
    });

    const integrity = await getLedgerIntegrity(100);
    expect(integrity).toMatchObject({ ok: true, headSeq: String(after.total), breakAt: null });
    expect(integrity.checked).toBe(Math.min(100, after.total));
  });

  it("loads the whole dashboard in one call", async () => {
    const data = await getDashboard();
    expect(Object.keys(data).sort()).toEqual(["actors", "claims", "integrity", "ledger", "platforms"]);
  });
});
