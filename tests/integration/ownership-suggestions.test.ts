import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { suggestOwners } from "@/lib/ownership/suggestions";
import { listClaimQueue, queueTable } from "@/lib/ownership/queries";
import { parseTableParams } from "@/lib/table/search-params";
import { getOwnershipSummary } from "@/lib/ownership/summary";
import { makeAgent, makeNhi, makePerson, makeTeam } from "./ownership-support";

describe("suggested owners", () => {
  it("suggests the creator, else the owner of the same platform account, else the last rotator — never a leaver", async () => {
    const team = await makeTeam();
    const creator = await makePerson();
    const siblingOwner = await makePerson({ teamId: team.id });
    const rotator = await makePerson();
    const leaver = await makePerson();
    await db.actor.update({
      where: { id: leaver.id },
      data: { status: "OFFBOARDING", flaggedAt: new Date() },
    });
    await makeNhi({ ownerId: siblingOwner.id, teamId: team.id, platform: "Okta", account: "acme-prod" });
    const items = [
      {
        id: "a",
        platform: "Okta",
        platformAccount: "acme-prod",
        createdById: creator.id,
        lastRotatedById: rotator.id,
        lastRotatedAt: null,
      },
      {
        id: "b",
        platform: "Okta",
        platformAccount: "acme-prod",
        createdById: leaver.id,
        lastRotatedById: null,
        lastRotatedAt: null,
      },
      {
        id: "c",
        platform: "Okta",
        platformAccount: "elsewhere",
        createdById: null,
        lastRotatedById: rotator.id,
        lastRotatedAt: new Date("2026-10-01T00:00:00Z"),
      },
      {
        id: "d",
        platform: "Okta",
        platformAccount: null,
        createdById: leaver.id,
        lastRotatedById: null,
        lastRotatedAt: null,
      },
    ];
    const s = await suggestOwners(items, rotator.id);
    expect(s.get("a")).toMatchObject({ personId: creator.id, reason: "Created it", isViewer: false });
    expect(s.get("b")).toMatchObject({ personId: siblingOwner.id });
    expect(s.get("b")!.reason).toMatch(/Owns another identity on Okta \/ acme-prod \(team /);
    expect(s.get("c")).toMatchObject({
      personId: rotator.id,
      reason: "Rotated it last on 2026-10-01",
      isViewer: true,
    });
    expect(s.has("d")).toBe(false);
  });
});

describe("claim queue and summary", () => {
  it("lists unclaimed/orphaned NHIs and unsponsored agents, filters by state, and counts for the tiles", async () => {
    const owner = await makePerson();
    const free = await makeNhi();
    const owned = await makeNhi({ ownerId: owner.id });
    const agent = await makeAgent();
    const all = await listClaimQueue(
      parseTableParams({ size: "100", q: free.displayName }, queueTable),
      null,
    );
    expect(all.rows.map((r) => r.id)).toEqual([free.id]);
    const agents = await listClaimQueue(
      parseTableParams({ status: "NO_SPONSOR", size: "100", q: agent.displayName }, queueTable),
      null,
    );
    expect(agents.rows.map((r) => r.id)).toEqual([agent.id]);
    const none = await listClaimQueue(parseTableParams({ q: owned.displayName }, queueTable), null);
    expect(none.total).toBe(0);
    const summary = await getOwnershipSummary();
    expect(summary.nhis).toBeGreaterThanOrEqual(2);
    expect(summary.owned).toBeGreaterThanOrEqual(1);
    expect(summary.agentsWithoutSponsor).toBeGreaterThanOrEqual(1);
  });
});
