import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createDefinition, launchCampaign, previewCampaign } from "@/lib/campaigns/generate";
import { decideItems } from "@/lib/campaigns/decide";
import { closeCampaign, completeCampaign } from "@/lib/campaigns/close";
import { rerunCampaign } from "@/lib/campaigns/rerun";
import { confirmRemediation } from "@/lib/campaigns/confirm";
import { listMyQueue, queueTable } from "@/lib/campaigns/queue";
import { parseTableParams } from "@/lib/table/search-params";
import type { Caller } from "@/lib/campaigns/caller";
import type { CampaignSettings } from "@/lib/campaigns/schemas";
import { getAccessStory } from "@/lib/audit/access-story";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { callerWith, grant, person, resource, settings } from "./campaigns-support";
import { makeNhi } from "./ownership-support";

async function launch(admin: Caller, s: CampaignSettings) {
  const def = await createDefinition(admin, {
    name: `Review ${Math.random().toString(36).slice(2, 7)}`,
    settings: s,
  });
  return launchCampaign(admin, def.id);
}

/** Admin (fallback), a manager with two reports, and one person without a manager, on one resource. */
async function world(options: { ownerId?: string | null } = {}) {
  const adminPerson = await person({ name: "Ada Admin" });
  const admin = await callerWith(["ADMIN"], adminPerson.id);
  const managerPerson = await person();
  const manager = await callerWith(["MANAGER"], managerPerson.id);
  const r1 = await person({ managerId: managerPerson.id });
  const r2 = await person({ managerId: managerPerson.id });
  const loner = await person();
  const app = await resource({ ownerId: options.ownerId === undefined ? adminPerson.id : options.ownerId });
  const [read, write] = app.entitlements;
  const grants = {
    r1read: await grant(r1.id, read.id),
    r1write: await grant(r1.id, write.id),
    r2read: await grant(r2.id, read.id),
    loner: await grant(loner.id, read.id),
    manager: await grant(managerPerson.id, read.id),
  };
  return { adminPerson, admin, managerPerson, manager, r1, r2, loner, app, read, write, grants };
}

const itemsOf = (campaignId: string) => db.reviewItem.findMany({ where: { campaignId } });
const queueOf = async (reviewerId: string, campaignId: string) =>
  (await listMyQueue(reviewerId, parseTableParams({ campaign: campaignId, size: "200" }, queueTable))).rows;

describe("campaign generation", () => {
  it("assigns every item to a reviewer who is not the person under review, and sends the rest to the fallback", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const preview = await previewCampaign(s);
    expect(preview).toMatchObject({
      items: 5,
      reviewers: 2,
      noReviewer: 2,
      selfReviewsRerouted: 0,
      unassignable: 0,
    });
    expect(preview.noReviewerSamples.map((x) => x.sentTo)).toEqual(["Ada Admin", "Ada Admin"]);
    const { id, items } = await launch(w.admin, s);
    expect(items).toBe(5);
    const rows = await itemsOf(id);
    expect(rows.filter((r) => r.reviewerId === r.actorId)).toHaveLength(0);
    expect(rows.filter((r) => r.reviewerId === w.managerPerson.id)).toHaveLength(3);
    expect(rows.find((r) => r.actorId === w.loner.id)).toMatchObject({
      reviewerId: w.adminPerson.id,
      assignedBy: "NO_REVIEWER",
    });
    expect(
      await db.inboxMessage.count({ where: { recipientId: w.managerPerson.id, kind: "campaign.assigned" } }),
    ).toBe(1);
  });

  it("reroutes a resource owner's own access to the fallback reviewer", async () => {
    const ownerPerson = await person();
    const w = await world({ ownerId: ownerPerson.id });
    await grant(ownerPerson.id, w.write.id);
    const s = settings("RESOURCE_OWNER", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    expect((await previewCampaign(s)).selfReviewsRerouted).toBe(1);
    const { id } = await launch(w.admin, s);
    const rows = await itemsOf(id);
    expect(rows.filter((r) => r.reviewerId === r.actorId)).toHaveLength(0);
    expect(rows.find((r) => r.actorId === ownerPerson.id)).toMatchObject({
      reviewerId: w.adminPerson.id,
      assignedBy: "SELF_REVIEW_REROUTED",
    });
  });

  it("reroutes an NHI's grant away from a resource owner who owns or co-owns that NHI", async () => {
    const ownerPerson = await person();
    const w = await world({ ownerId: ownerPerson.id });
    const nhi = await makeNhi({ ownerId: ownerPerson.id });
    await grant(nhi.id, w.write.id);
    // A co-owner benefits as much as the owner.
    const coOwned = await makeNhi({ ownerId: (await person()).id });
    await db.nhiCoOwner.create({ data: { actorId: coOwned.id, ownerId: ownerPerson.id } });
    await grant(coOwned.id, w.write.id);
    const s = settings("RESOURCE_OWNER", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["NHI"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const items = await itemsOf(id);
    for (const subject of [nhi.id, coOwned.id])
      expect(items.find((r) => r.actorId === subject)).toMatchObject({
        reviewerId: w.adminPerson.id,
        assignedBy: "SELF_REVIEW_REROUTED",
      });
  });

  it("refuses zero items and a due date in the past with clear messages", async () => {
    const w = await world();
    const empty = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["AGENT"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    await expect(launch(w.admin, empty)).rejects.toThrow(/zero items/);
    const past = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      startsAt: new Date(Date.now() - 10 * 86_400_000),
      dueAt: new Date(Date.now() - 86_400_000),
      scope: {
        resourceIds: [w.app.id],
        kinds: [],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    await expect(launch(w.admin, past)).rejects.toThrow(/due date is in the past/);
    await expect(launch(w.manager, empty)).rejects.toThrow(/security admin/);
  });

  it("blocks a launch whose deadline rule would auto-revoke a break-glass account or the last admin-entitlement holder", async () => {
    const w = await world();
    const glass = await person({
      name: `break-glass-${Math.random().toString(36).slice(2, 6)}`,
      managerId: w.managerPerson.id,
    });
    await grant(glass.id, w.read.id);
    const admins = w.app.entitlements[2];
    await grant(w.r1.id, admins.id);
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      deadline: { action: "REVOKE", graceDays: 0 },
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const preview = await previewCampaign(s);
    expect(preview.guards.map((g) => g.guard).sort()).toEqual(["BREAK_GLASS", "LAST_PRIVILEGED_HOLDER"]);
    expect(preview.deadlineEffect).toMatch(/7 grants revoked/);
    await expect(launch(w.admin, s)).rejects.toThrow(/protected access/);
  });
});

describe("reviewing", () => {
  it("REVOKE ends the grant with a campaign revocation and ledger entries in one transaction; decisions are immutable", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const mine = await queueOf(w.managerPerson.id, id);
    expect(mine).toHaveLength(3);
    expect(mine[0].recommendation.reasons.length).toBeGreaterThan(0);
    const target = mine.find((r) => r.grantId === w.grants.r1write.id)!;
    await decideItems(w.manager, {
      itemIds: [target.id],
      decision: "REVOKE",
      reason: "Moved teams",
      shownAt: Date.now() - 5000,
    });
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.grants.r1write.id } })).status).toBe("REVOKED");
    const rev = await db.revocation.findFirstOrThrow({ where: { grantId: w.grants.r1write.id } });
    expect(rev).toMatchObject({
      method: "CAMPAIGN_REVOKE",
      reason: "Moved teams",
      requestedById: w.managerPerson.id,
    });
    const entries = await db.logEntry.findMany({
      where: { target: `grant:${w.grants.r1write.id}` },
      orderBy: { seq: "asc" },
    });
    expect(entries.map((e) => e.action)).toEqual(["review.decided", "grant.revoked"]);
    expect(entries[0].details as { latencyMs: number; batchSize: number }).toMatchObject({
      batchSize: 1,
      latencyMs: expect.any(Number),
    });
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id: target.id } });
    expect(item).toMatchObject({
      decision: "REVOKE",
      remediation: "PENDING",
      decidedById: w.managerPerson.id,
    });
    await expect(
      decideItems(w.manager, { itemIds: [target.id], decision: "ACCEPT", reason: "Changed my mind" }),
    ).rejects.toThrow(/cannot be changed/);
  });

  it("rolls back the decision when its remediation fails (REDUCE to an unrelated entitlement); the replacement carries its origin", async () => {
    await ensureStarterPolicies();
    const w = await world();
    const other = await resource();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const target = (await queueOf(w.managerPerson.id, id)).find((r) => r.grantId === w.grants.r1write.id)!;
    await expect(
      decideItems(w.manager, {
        itemIds: [target.id],
        decision: "REDUCE",
        reason: "Read is enough",
        replacementEntitlementId: other.entitlements[0].id,
      }),
    ).rejects.toThrow(/same resource/);
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.grants.r1write.id } })).status).toBe("ACTIVE");
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: target.id } })).decision).toBeNull();
    await decideItems(w.manager, {
      itemIds: [target.id],
      decision: "REDUCE",
      reason: "Read is enough",
      replacementEntitlementId: w.read.id,
    });
    const item = await db.reviewItem.findUniqueOrThrow({ where: { id: target.id } });
    const replacement = await db.grant.findUniqueOrThrow({ where: { id: item.replacementGrantId! } });
    expect(replacement).toMatchObject({
      actorId: w.r1.id,
      entitlementId: w.read.id,
      status: "ACTIVE",
      source: "CAMPAIGN",
    });
    expect((await db.grant.findUniqueOrThrow({ where: { id: w.grants.r1write.id } })).status).toBe("REVOKED");

    // The access story answers the five questions for the replacement too.
    const story = (await getAccessStory(replacement.id))!;
    expect(story.grant.request?.requester.id).toBe(w.managerPerson.id);
    expect(story.grant.request?.task).toBe(`review item ${target.id}`);
    expect(story.grant.request?.justification).toMatch(/Read is enough/);
    expect(story.grant.request?.approvals).toMatchObject([
      { decision: "APPROVE", role: "MANAGER", approver: { id: w.managerPerson.id } },
    ]);
    expect(story.decision?.action).toBe("decision.evaluated");
    expect(story.determiningPolicies.join()).toMatch(/human-request/);
    expect(story.policyHash).toBeTruthy();
    expect(story.history.map((h) => h.action)).toContain("grant.created");
  });

  it("refuses reviewers acting on items that are not theirs", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const lonerItem = (await itemsOf(id)).find((r) => r.actorId === w.loner.id)!;
    await expect(
      decideItems(w.manager, { itemIds: [lonerItem.id], decision: "REVOKE", reason: "Not mine but trying" }),
    ).rejects.toThrow(/not yours/);
    const auditorPerson = await person();
    const auditor = await callerWith(["AUDITOR"], auditorPerson.id);
    // (The action refuses an auditor before this for lack of campaigns:review: authorization matrix.)
    await expect(
      decideItems(auditor, { itemIds: [lonerItem.id], decision: "ACCEPT", reason: "Looks fine" }),
    ).rejects.toThrow(/not yours/);
    const mine = await queueOf(w.managerPerson.id, id);
    await expect(
      decideItems(w.manager, { itemIds: [mine[0].id, lonerItem.id], decision: "ACCEPT", reason: "Bulk" }),
    ).rejects.toThrow(/1 of the selected items are not yours/);
    expect(await db.reviewItem.count({ where: { campaignId: id, decision: { not: null } } })).toBe(0);
  });

  it("two reviewers deciding the same escalated item at once record one decision", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const target = (await queueOf(w.managerPerson.id, id)).find((r) => r.grantId === w.grants.r2read.id)!;
    await decideItems(w.manager, {
      itemIds: [target.id],
      decision: "ESCALATE",
      reason: "Not sure what this app does",
    });
    const escalated = (await itemsOf(id)).find(
      (r) => r.grantId === w.grants.r2read.id && r.assignedBy === "ESCALATED",
    )!;
    expect(escalated.reviewerId).toBe(w.adminPerson.id);
    const secondAdmin = { ...w.admin, ledger: { ...w.admin.ledger, name: "second session" } };
    const results = await Promise.allSettled([
      decideItems(w.admin, { itemIds: [escalated.id], decision: "ACCEPT", reason: "Needed for support" }),
      decideItems(secondAdmin, { itemIds: [escalated.id], decision: "REVOKE", reason: "Not needed" }),
      decideItems(w.manager, { itemIds: [target.id], decision: "REVOKE", reason: "Decided after all" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const decisions = await db.logEntry.count({
      where: { target: `grant:${w.grants.r2read.id}`, action: "review.decided" },
    });
    expect(decisions).toBe(2); // the escalation and exactly one decision
  });
});

describe("closing, deadline rules, re-runs and remediation", () => {
  it("refuses decisions on a closed campaign; a re-run takes only the non-responded items for their original reviewers", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const mine = await queueOf(w.managerPerson.id, id);
    await decideItems(w.manager, { itemIds: [mine[0].id], decision: "ACCEPT", reason: "Still needed" });
    const closed = await closeCampaign(w.admin.ledger, id);
    expect(closed).toMatchObject({ silent: 4, autoRevoked: 0, completed: true });
    await expect(
      decideItems(w.manager, { itemIds: [mine[1].id], decision: "ACCEPT", reason: "Late" }),
    ).rejects.toThrow(/closed/);
    await expect(closeCampaign(w.admin.ledger, id)).rejects.toThrow(/already closed/);
    const rerun = await rerunCampaign(w.admin, {
      campaignId: id,
      dueAt: new Date(Date.now() + 3 * 86_400_000),
    });
    expect(rerun.items).toBe(4);
    const fresh = await itemsOf(rerun.id);
    expect(fresh.map((r) => r.grantId)).not.toContain(mine[0].grantId);
    const original = await itemsOf(id);
    for (const f of fresh)
      expect(original.find((o) => o.grantId === f.grantId && o.decision === null)?.reviewerId).toBe(
        f.reviewerId,
      );
  });

  it("the REVOKE deadline rule revokes silent grants, but a close that would revoke a break-glass account is blocked", async () => {
    const w = await world();
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      deadline: { action: "REVOKE", graceDays: 0 },
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    await db.actor.update({ where: { id: w.r2.id }, data: { tags: ["break-glass"] } });
    await expect(closeCampaign(w.admin.ledger, id)).rejects.toThrow(/break-glass/);
    expect((await db.campaign.findUniqueOrThrow({ where: { id } })).closedAt).toBeNull();
    await db.actor.update({ where: { id: w.r2.id }, data: { tags: [] } });
    const out = await closeCampaign(w.admin.ledger, id);
    expect(out.autoRevoked).toBe(5);
    expect(
      await db.grant.count({
        where: { id: { in: Object.values(w.grants).map((g) => g.id) }, status: "ACTIVE" },
      }),
    ).toBe(0);
    expect(
      await db.revocation.count({ where: { grantId: w.grants.loner.id, method: "CAMPAIGN_REVOKE" } }),
    ).toBe(1);
    expect(
      await db.reviewItem.count({ where: { campaignId: id, autoDecided: true, decision: "REVOKE" } }),
    ).toBe(5);
  });

  it("cannot complete while remediation is unsupported, unless an admin accepts the risk with a reason", async () => {
    const w = await world({ ownerId: null });
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const [first] = await queueOf(w.managerPerson.id, id);
    await decideItems(w.manager, { itemIds: [first.id], decision: "REVOKE", reason: "Left the project" });
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: first.id } })).remediation).toBe(
      "UNSUPPORTED",
    );
    expect((await closeCampaign(w.admin.ledger, id)).completed).toBe(false);
    await expect(completeCampaign(w.admin, { campaignId: id })).rejects.toThrow(/unsupported or failed/);
    await completeCampaign(w.admin, {
      campaignId: id,
      riskAcceptedReason: "Legacy app without API; ticket OPS-12 removes it by hand.",
    });
    expect(await db.campaign.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "COMPLETED",
      riskAcceptedById: w.admin.ledger.id,
    });
  });

  it("the resource owner confirms external removal; nobody else can", async () => {
    const ownerPerson = await person();
    const w = await world({ ownerId: ownerPerson.id });
    const s = settings("MANAGER_ACCESS", {
      fallbackReviewerId: w.adminPerson.id,
      scope: {
        resourceIds: [w.app.id],
        kinds: ["HUMAN"],
        departments: [],
        platforms: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id } = await launch(w.admin, s);
    const [first] = await queueOf(w.managerPerson.id, id);
    await decideItems(w.manager, { itemIds: [first.id], decision: "REVOKE", reason: "Left the project" });
    await expect(confirmRemediation(w.manager, { itemId: first.id, state: "APPLIED" })).rejects.toThrow(
      /resource owner/,
    );
    const ownerCaller = await callerWith(["SERVICE_OWNER"], ownerPerson.id);
    await confirmRemediation(ownerCaller, { itemId: first.id, state: "APPLIED" });
    expect((await db.reviewItem.findUniqueOrThrow({ where: { id: first.id } })).remediation).toBe("APPLIED");
  });
});

describe("attestation", () => {
  it("an owner's acceptance in an NHI ownership campaign sets last attested on the NHI", async () => {
    const adminPerson = await person();
    const admin = await callerWith(["ADMIN"], adminPerson.id);
    const ownerPerson = await person();
    const owner = await callerWith(["SERVICE_OWNER"], ownerPerson.id);
    const platform = `plat-${Math.random().toString(36).slice(2, 8)}`;
    const nhi = await db.actor.create({
      data: {
        kind: "NHI",
        displayName: `svc-${platform}`,
        externalId: platform,
        sourceSystem: "test",
        nhi: {
          create: { nhiType: "SERVICE_ACCOUNT", platform, ownerId: ownerPerson.id, claimStatus: "OWNED" },
        },
      },
    });
    const s = settings("NHI_OWNERSHIP", {
      fallbackReviewerId: adminPerson.id,
      scope: {
        platforms: [platform],
        kinds: ["NHI"],
        departments: [],
        resourceIds: [],
        privilegedOnly: false,
        notReviewedDays: null,
      },
    });
    const { id, items } = await launch(admin, s);
    expect(items).toBe(1);
    const [item] = await queueOf(ownerPerson.id, id);
    await decideItems(owner, {
      itemIds: [item.id],
      decision: "ACCEPT",
      reason: "Runs the nightly billing export",
    });
    expect(
      (await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).lastAttestedAt,
    ).toBeInstanceOf(Date);
  });
});
