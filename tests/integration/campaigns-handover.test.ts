import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDefinition, launchCampaign } from "@/lib/campaigns/generate";
import { decideItems } from "@/lib/campaigns/decide";
import type { Caller } from "@/lib/campaigns/caller";
import { callerWith, grant, person, resource, settings } from "./campaigns-support";
import { makeNhi } from "./ownership-support";

// ESCALATE and DELEGATE never hand an item to someone who would review their own access or
// decide the same subject twice; concurrent deciders of one subject keep exactly one outcome.

async function setup() {
  const adminPerson = await person();
  const admin = await callerWith(["ADMIN"], adminPerson.id);
  const managerPerson = await person();
  const manager = await callerWith(["MANAGER"], managerPerson.id);
  const secondPerson = await person();
  const second = await callerWith(["MANAGER"], secondPerson.id);
  const report = await person({ managerId: managerPerson.id });
  const loner = await person();
  const app = await resource({ ownerId: adminPerson.id });
  const g = await grant(report.id, app.entitlements[0].id);
  const lonerGrant = await grant(loner.id, app.entitlements[0].id);
  const scope = {
    resourceIds: [app.id],
    kinds: ["HUMAN" as const],
    departments: [],
    platforms: [],
    privilegedOnly: false,
    notReviewedDays: null,
  };
  return {
    adminPerson,
    admin,
    managerPerson,
    manager,
    secondPerson,
    second,
    report,
    loner,
    app,
    g,
    lonerGrant,
    scope,
  };
}

const launch = async (admin: Caller, s: ReturnType<typeof settings>) =>
  launchCampaign(admin, (await createDefinition(admin, { name: "Hand-over", settings: s })).id);

const itemOf = (campaignId: string, grantId: string, reviewerId: string) =>
  db.reviewItem.findFirstOrThrow({ where: { campaignId, grantId, reviewerId } });

describe("handing an item on", () => {
  it("refuses to delegate to oneself, to the person under review, or to the holder of a sibling item", async () => {
    const w = await setup();
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", {
        fallbackReviewerId: w.adminPerson.id,
        additionalReviewerId: w.secondPerson.id,
        scope: w.scope,
        stages: [{ reviewers: "STRATEGY_AND_ADDITIONAL", rule: "ALL_ACCEPT", onNoReviewer: "FALLBACK" }],
      }),
    );
    const mine = await itemOf(id, w.g.id, w.managerPerson.id);
    const delegate = (to: string) =>
      decideItems(w.manager, {
        itemIds: [mine.id],
        decision: "DELEGATE",
        reason: "Someone else knows",
        delegateToId: to,
      });
    await expect(delegate(w.managerPerson.id)).rejects.toThrow(/to yourself/);
    await expect(delegate(w.report.id)).rejects.toThrow(/own access is under review/);
    // The additional reviewer already holds this grant's other item: with it they would decide "all must accept" alone.
    await expect(delegate(w.secondPerson.id)).rejects.toThrow(/already reviews this access/);
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: mine.id } })).decision).toBeNull();
    await delegate(w.adminPerson.id);
    expect((await itemOf(id, w.g.id, w.adminPerson.id)).assignedBy).toBe("DELEGATED");
  });

  it("an escalation skips a fallback who already reviews the subject, and says so when nobody is left", async () => {
    const w = await setup();
    const third = await person();
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", {
        fallbackReviewerId: w.adminPerson.id,
        additionalReviewerId: w.secondPerson.id,
        scope: w.scope,
        stages: [{ reviewers: "STRATEGY_AND_ADDITIONAL", rule: "ALL_ACCEPT", onNoReviewer: "FALLBACK" }],
      }),
    );
    // The loner has no manager: the fallback holds the first item, the additional reviewer the second.
    expect((await itemOf(id, w.lonerGrant.id, w.adminPerson.id)).assignedBy).toBe("NO_REVIEWER");
    const theirs = await itemOf(id, w.lonerGrant.id, w.secondPerson.id);
    await expect(
      decideItems(w.second, { itemIds: [theirs.id], decision: "ESCALATE", reason: "Unsure" }),
    ).rejects.toThrow(/nobody to escalate to/);
    await decideItems(w.second, {
      itemIds: [theirs.id],
      decision: "DELEGATE",
      reason: "Their team uses it",
      delegateToId: third.id,
    });
    expect((await itemOf(id, w.lonerGrant.id, third.id)).assignedBy).toBe("DELEGATED");
  });

  it("refuses to hand an NHI's grant to its owner in a campaign that does not ask owners", async () => {
    const adminPerson = await person();
    const admin = await callerWith(["ADMIN"], adminPerson.id);
    const ownerPerson = await person();
    const resourceOwner = await person();
    const reviewer = await callerWith(["SERVICE_OWNER"], resourceOwner.id);
    const nhi = await makeNhi({ ownerId: ownerPerson.id });
    const app = await resource({ ownerId: resourceOwner.id });
    const g = await grant(nhi.id, app.entitlements[1].id);
    const { id } = await launch(
      admin,
      settings("RESOURCE_OWNER", {
        fallbackReviewerId: adminPerson.id,
        scope: {
          resourceIds: [app.id],
          kinds: ["NHI"],
          departments: [],
          platforms: [],
          privilegedOnly: false,
          notReviewedDays: null,
        },
      }),
    );
    const item = await itemOf(id, g.id, resourceOwner.id);
    await expect(
      decideItems(reviewer, {
        itemIds: [item.id],
        decision: "DELEGATE",
        reason: "The owner knows best",
        delegateToId: ownerPerson.id,
      }),
    ).rejects.toThrow(/owns or sponsors the identity/);
  });
});

describe("concurrent deciders of one subject", () => {
  it("two reviewers accepting the same grant at once under 'all must accept' certify it exactly once", async () => {
    const w = await setup();
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", {
        fallbackReviewerId: w.adminPerson.id,
        additionalReviewerId: w.secondPerson.id,
        scope: w.scope,
        stages: [{ reviewers: "STRATEGY_AND_ADDITIONAL", rule: "ALL_ACCEPT", onNoReviewer: "FALLBACK" }],
      }),
    );
    const a = await itemOf(id, w.g.id, w.managerPerson.id);
    const b = await itemOf(id, w.g.id, w.secondPerson.id);
    await Promise.all([
      decideItems(w.manager, { itemIds: [a.id], decision: "ACCEPT", reason: "Needed" }),
      decideItems(w.second, { itemIds: [b.id], decision: "ACCEPT", reason: "Agreed" }),
    ]);
    // Without one decider at a time, each would see the other's vote pending and neither certifies.
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.g.id } })).lastCertifiedAt).toBeInstanceOf(
      Date,
    );
  });

  it("the escalated item and its delegation racing each other keep exactly one decision", async () => {
    const w = await setup();
    const { id } = await launch(
      w.admin,
      settings("MANAGER_ACCESS", { fallbackReviewerId: w.adminPerson.id, scope: w.scope }),
    );
    const first = await itemOf(id, w.g.id, w.managerPerson.id);
    await decideItems(w.manager, { itemIds: [first.id], decision: "ESCALATE", reason: "Unsure" });
    const escalated = await itemOf(id, w.g.id, w.adminPerson.id);
    const otherSession = { ...w.admin, ledger: { ...w.admin.ledger, name: "second tab" } };
    const results = await Promise.allSettled([
      decideItems(w.admin, { itemIds: [escalated.id], decision: "REVOKE", reason: "Not needed" }),
      decideItems(otherSession, {
        itemIds: [escalated.id],
        decision: "DELEGATE",
        reason: "Ask the team",
        delegateToId: w.secondPerson.id,
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const after = await db.reviewItem.findUniqueOrThrow({ where: { id: escalated.id } });
    const delegated = await db.reviewItem.count({
      where: { campaignId: id, grantId: w.g.id, assignedBy: "DELEGATED" },
    });
    const revoked = (await db.grant.findUniqueOrThrow({ where: { id: w.g.id } })).status === "REVOKED";
    expect([revoked, delegated]).toEqual(after.decision === "REVOKE" ? [true, 0] : [false, 1]);
  });
});
