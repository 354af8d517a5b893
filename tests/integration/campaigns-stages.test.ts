import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDefinition, launchCampaign, nextDatesOf } from "@/lib/campaigns/generate";
import { decideItems } from "@/lib/campaigns/decide";
import { campaignJobs } from "@/lib/campaigns/jobs";
import { callerWith, grant, person, resource, settings } from "./campaigns-support";

// Multi-stage outcome rules, delegation, and the campaign timers (reminder, deadline).

async function setup() {
  const adminPerson = await person();
  const admin = await callerWith(["ADMIN"], adminPerson.id);
  const managerPerson = await person();
  const manager = await callerWith(["MANAGER"], managerPerson.id);
  const secondPerson = await person();
  const second = await callerWith(["MANAGER"], secondPerson.id);
  const report = await person({ managerId: managerPerson.id });
  const app = await resource({ ownerId: adminPerson.id });
  const g1 = await grant(report.id, app.entitlements[0].id);
  const g2 = await grant(report.id, app.entitlements[1].id);
  const scope = {
    resourceIds: [app.id],
    kinds: ["HUMAN" as const],
    departments: [],
    platforms: [],
    privilegedOnly: false,
    notReviewedDays: null,
  };
  return { adminPerson, admin, managerPerson, manager, secondPerson, second, report, app, g1, g2, scope };
}

const launch = async (admin: Awaited<ReturnType<typeof setup>>["admin"], s: ReturnType<typeof settings>) =>
  launchCampaign(admin, (await createDefinition(admin, { name: "Stages", settings: s })).id);

describe("stages", () => {
  it("an accept at stage 1 moves the item to the additional reviewer; the grant is certified only when stage 2 accepts", async () => {
    const w = await setup();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      additionalReviewerId: w.secondPerson.id,
      scope: w.scope,
      stages: [
        { reviewers: "STRATEGY", rule: "ONE_ACCEPT", onNoReviewer: "FALLBACK" },
        { reviewers: "ADDITIONAL", rule: "ONE_ACCEPT", onNoReviewer: "FALLBACK" },
      ],
    });
    const { id } = await launch(w.admin, s);
    const first = await db.reviewItem.findFirstOrThrow({ where: { campaignId: id, grantId: w.g1.id } });
    await decideItems(w.manager, { itemIds: [first.id], decision: "ACCEPT", reason: "Needed" });
    const stage2 = await db.reviewItem.findFirstOrThrow({
      where: { campaignId: id, grantId: w.g1.id, stage: 2 },
    });
    expect(stage2.reviewerId).toBe(w.secondPerson.id);
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.g1.id } })).lastCertifiedAt).toBeNull();
    await decideItems(w.second, { itemIds: [stage2.id], decision: "ACCEPT", reason: "Agreed" });
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.g1.id } })).lastCertifiedAt).toBeInstanceOf(
      Date,
    );
  });

  it("with both reviewers in one stage and 'all must accept', one accept waits and a deny revokes", async () => {
    const w = await setup();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      additionalReviewerId: w.secondPerson.id,
      scope: w.scope,
      stages: [{ reviewers: "STRATEGY_AND_ADDITIONAL", rule: "ALL_ACCEPT", onNoReviewer: "FALLBACK" }],
    });
    const { id, items } = await launch(w.admin, s);
    expect(items).toBe(4);
    const mine = await db.reviewItem.findFirstOrThrow({
      where: { campaignId: id, grantId: w.g2.id, reviewerId: w.managerPerson.id },
    });
    const theirs = await db.reviewItem.findFirstOrThrow({
      where: { campaignId: id, grantId: w.g2.id, reviewerId: w.secondPerson.id },
    });
    await decideItems(w.manager, { itemIds: [mine.id], decision: "ACCEPT", reason: "Fine by me" });
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.g2.id } })).status).toBe("ACTIVE");
    await decideItems(w.second, { itemIds: [theirs.id], decision: "REVOKE", reason: "Not needed" });
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.g2.id } })).status).toBe("REVOKED");
  });

  it("DELEGATE hands the item to the named person with the reason", async () => {
    const w = await setup();
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", { fallbackReviewerId: w.adminPerson.id, scope: w.scope }),
    );
    const item = await db.reviewItem.findFirstOrThrow({ where: { campaignId: id, grantId: w.g1.id } });
    await expect(
      decideItems(w.manager, {
        itemIds: [item.id],
        decision: "DELEGATE",
        reason: "She runs that app",
        delegateToId: w.report.id,
      }),
    ).rejects.toThrow(/own access/);
    await decideItems(w.manager, {
      itemIds: [item.id],
      decision: "DELEGATE",
      reason: "She runs that app",
      delegateToId: w.secondPerson.id,
    });
    const handed = await db.reviewItem.findFirstOrThrow({
      where: { campaignId: id, grantId: w.g1.id, assignedBy: "DELEGATED" },
    });
    expect(handed.reviewerId).toBe(w.secondPerson.id);
    expect(
      await db.inboxMessage.count({ where: { recipientId: w.secondPerson.id, body: "She runs that app" } }),
    ).toBe(1);
  });
});

describe("definitions", () => {
  it("launch numbered runs of one definition, each starting now with the definition's length", async () => {
    const w = await setup();
    const def = await createDefinition(w.admin, {
      name: "Quarterly",
      settings: settings("MANAGER_ACCESS", { fallbackReviewerId: w.adminPerson.id, scope: w.scope }),
    });
    const a = await launchCampaign(w.admin, def.id);
    const b = await launchCampaign(w.admin, def.id, new Date(), await nextDatesOf(def.id));
    const runs = await db.campaign.findMany({
      where: { id: { in: [a.id, b.id] } },
      orderBy: { number: "asc" },
    });
    expect(runs.map((r) => [r.name, r.number])).toEqual([
      ["Quarterly #1", 1],
      ["Quarterly #2", 2],
    ]);
  });
});

describe("timers", () => {
  it("reminds only reviewers with undecided items, and the deadline job closes the campaign", async () => {
    const w = await setup();
    const other = await person({ managerId: w.secondPerson.id });
    await grant(other.id, w.app.entitlements[2].id);
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", { fallbackReviewerId: w.adminPerson.id, scope: w.scope }),
    );
    const secondsItems = await db.reviewItem.findMany({
      where: { campaignId: id, reviewerId: w.secondPerson.id },
    });
    await decideItems(w.second, {
      itemIds: secondsItems.map((i) => i.id),
      decision: "ACCEPT",
      reason: "All fine",
    });
    await campaignJobs["campaigns.remind"]({ campaignId: id });
    expect(
      await db.inboxMessage.count({ where: { recipientId: w.managerPerson.id, kind: "campaign.reminder" } }),
    ).toBe(1);
    expect(
      await db.inboxMessage.count({ where: { recipientId: w.secondPerson.id, kind: "campaign.reminder" } }),
    ).toBe(0);
    await campaignJobs["campaigns.deadline"]({ campaignId: id });
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).closedAt).toBeInstanceOf(Date);
    await campaignJobs["campaigns.deadline"]({ campaignId: id }); // idempotent
    expect(await db.logEntry.count({ where: { target: `campaign:${id}`, action: "campaign.closed" } })).toBe(
      1,
    );
  });
});
