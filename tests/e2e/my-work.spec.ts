import { db } from "@/lib/db";
import type { TableParams } from "@/lib/table/search-params";
import { listToApprove } from "@/lib/requests/queries";
import { countOpenItems } from "@/lib/campaigns/queue";
import { listCampaigns } from "@/lib/campaigns/queries";
import { countPendingProposals } from "@/lib/proposals/queries";
import { listAgents, listLiveSessions } from "@/lib/agents/queries";
import { listRotationBoard } from "@/lib/rotation/queries";
import { callerFor } from "../integration/ownership-support";
import { makeActor, makeHuman, uid } from "../support/factories";
import { expectAccessible } from "./axe";
import { expect, signInAs, test, totpNow } from "./fixtures";

test("a manager lands on their own work, not the org dashboard", async ({ page, signedIn }) => {
  const manager = await makeHuman({ name: "Mr. Chadd Stracke" });
  const report = await makeHuman({ managerId: manager.id });
  const leaverNhi = await makeActor("NHI", { platform: "aws" });
  await db.nhiProfile.update({
    where: { actorId: leaverNhi.id },
    data: { pendingOwnerId: manager.id, claimStatus: "ORPHANED" },
  });
  const entitlement = await db.entitlement.findFirstOrThrow({ select: { id: true } });
  await db.grant.create({
    data: {
      actorId: report.id,
      entitlementId: entitlement.id,
      source: "REQUEST",
      expiresAt: new Date(Date.now() + 2 * 86_400_000),
    },
  });

  await signedIn(["MANAGER"], { actorId: manager.id });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "My work" })).toBeVisible();
  await expect(page.getByText("Welcome back, Mr. Chadd Stracke.")).toBeVisible();
  const leavers = page.getByRole("region", { name: "Leavers' NHIs to take over" });
  await expect(leavers.getByTestId("work-count")).toHaveText("1");
  await expect(leavers.getByRole("link", { name: leaverNhi.displayName })).toBeVisible();
  const expiring = page.getByRole("region", { name: "Your reports' access ending this week" });
  await expect(expiring.getByRole("link", { name: report.displayName })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Organisation" })).toHaveCount(0);
  await expectAccessible(page, "My work (manager)");
});

test("an admin sees the organisation dashboard; an auditor sees the ledger's integrity", async ({
  page,
  signedIn,
}) => {
  await signedIn(["ADMIN", "AUDITOR"]);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Organisation" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Ledger integrity" })).toBeVisible();
  await expectAccessible(page, "My work (admin + auditor)");
});

/** A pending standard request from `subjectId`, routed to `approverId` alone (what routing makes for a report). */
async function pendingRequest(subjectId: string, approverId: string, entitlementId: string) {
  const request = await db.accessRequest.create({
    data: {
      requesterId: subjectId,
      subjectId,
      entitlementId,
      justification: "Needed for the e2e sprint",
      status: "PENDING",
      decision: "ALLOW",
      durationMinutes: 60,
    },
  });
  const stage = await db.requestStage.create({
    data: {
      requestId: request.id,
      position: 1,
      mode: "ANY",
      status: "OPEN",
      deadlineAt: new Date(Date.now() + 86_400_000),
    },
  });
  await db.requestApprover.create({
    data: { stageId: stage.id, requestId: request.id, approverId, role: "MANAGER", open: true },
  });
  return request;
}

test("approving one request lowers the card's and the sidebar's count without a reload", async ({
  page,
  signedIn,
}) => {
  const tag = uid();
  const manager = await makeHuman({ name: `Mia Manager ${tag}` });
  const [a, b] = [await makeHuman({ managerId: manager.id }), await makeHuman({ managerId: manager.id })];
  const resource = await db.resource.create({
    data: { name: `wiki-${tag}`, kind: "APPLICATION", externalId: `wiki-${tag}`, sourceSystem: "e2e" },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: `wiki-editor-${tag}` } });
  await pendingRequest(a.id, manager.id, ent.id);
  await pendingRequest(b.id, manager.id, ent.id);

  const user = await signedIn(["MANAGER"], { actorId: manager.id });
  await page.goto("/");
  const card = page.getByRole("region", { name: "Requests to approve" });
  const sidebar = page.getByRole("navigation").first();
  await expect(card.getByTestId("work-count")).toHaveText("2");
  await expect(sidebar.getByLabel("2 to approve, 0 of yours pending")).toBeVisible();

  // From the card to the request (client-side navigation), approve with a step-up.
  const itemOf = (name: string) => card.getByRole("listitem").filter({ hasText: name });
  await itemOf(a.displayName).getByRole("link").click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  await page.getByLabel("Authenticator code").fill(totpNow(user.totpSecret!));
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(/approved on .* after a step-up/)).toBeVisible();
  // The sidebar of the page the action ran on is revalidated, not reloaded.
  await expect(sidebar.getByLabel("1 to approve, 0 of yours pending")).toBeVisible();
  await sidebar.getByRole("link", { name: "My work" }).click();
  await page.waitForURL((url) => url.pathname === "/");
  await expect(card.getByTestId("work-count")).toHaveText("1");
  await expect(itemOf(a.displayName)).toHaveCount(0);
  await expect(itemOf(b.displayName)).toBeVisible();
});

// The demo logins open on their own work: each card's count is its queue's count (the query
// behind the queue page), and the seeded workflows leave each of these cards with work in it.
const firstPage = (filters: Record<string, string[]> = {}): TableParams => ({
  page: 1,
  size: 5,
  sort: [],
  q: "",
  filters,
  cursor: null,
});
type Queue = (actorId: string | null) => Promise<number>;
const none = "00000000-0000-0000-0000-000000000000";
const QUEUES: Record<string, Queue> = {
  "Requests to approve": async (id) => (await listToApprove(id ?? none, firstPage())).total,
  "Review items due": (id) => countOpenItems(id),
  "Agent proposals to decide": (id) => countPendingProposals(id),
  "Agents past their attestation": async (id) =>
    (await listAgents({ ...callerFor(id), isAdmin: false }, firstPage({ attestation: ["OVERDUE"] }))).total,
  "Your agents' live sessions": async (id) =>
    (await listLiveSessions({ ...callerFor(id), isAdmin: false }, { take: 50 })).length,
  "Campaigns closed with unresolved remediation": async () =>
    (await listCampaigns(firstPage({ remediation: ["UNRESOLVED"] }))).total,
  "Rotations overdue or due this week": async (id) => {
    const board = await listRotationBoard(
      { ...callerFor(id), isAdmin: false },
      { bucket: "overdue", scope: "mine", page: 1, size: 10 },
    );
    return board.counts.overdue + board.counts.due7;
  },
};
const DEMO: { email: string; cards: string[] }[] = [
  { email: "manager@triad.example", cards: ["Requests to approve", "Review items due"] },
  {
    email: "sponsor@triad.example",
    cards: ["Agent proposals to decide", "Agents past their attestation", "Your agents' live sessions"],
  },
  { email: "auditor@triad.example", cards: ["Campaigns closed with unresolved remediation"] },
  { email: "admin@triad.example", cards: ["Campaigns closed with unresolved remediation"] },
  { email: "owner@triad.example", cards: ["Rotations overdue or due this week"] },
];

for (const demo of DEMO) {
  const role = demo.email.split("@")[0];
  test(`the demo ${role} opens on their own work, matching their queues`, async ({ page }) => {
    const user = await db.user.findUniqueOrThrow({ where: { email: demo.email } });
    await signInAs(page, { id: user.id, email: user.email, name: user.name, password: "", totpSecret: null });
    await page.goto("/");
    await expect(page.getByRole("heading", { name: "My work" })).toBeVisible();
    for (const title of demo.cards) {
      const card = page.getByRole("region", { name: title });
      const expected = await QUEUES[title](user.actorId);
      expect(expected, `${title}: the demo seed leaves work here`).toBeGreaterThan(0);
      await expect(card.getByTestId("work-count"), title).toHaveText(String(expected));
      await expect(card.getByRole("link", { name: /Open the queue/ })).toBeVisible();
    }
    if (role === "manager")
      await expect(
        page
          .getByRole("navigation")
          .first()
          .getByRole("link", { name: /Reviews/ }),
      ).toContainText(String(await countOpenItems(user.actorId)));
    await page.screenshot({ path: `/tmp/my-work-${role}.png`, fullPage: true });
    await expectAccessible(page, `My work (demo ${role})`);
  });
}

test("the demo's told request answers all five questions on its access story", async ({ page }) => {
  const request = await db.accessRequest.findFirstOrThrow({
    where: { ticketRef: "PAY-2291" },
    select: { subject: { select: { displayName: true } }, grants: { select: { id: true } } },
  });
  const manager = await db.user.findUniqueOrThrow({ where: { email: "manager@triad.example" } });
  const auditor = await db.user.findUniqueOrThrow({ where: { email: "auditor@triad.example" } });
  await signInAs(page, {
    id: auditor.id,
    email: auditor.email,
    name: auditor.name,
    password: "",
    totpSecret: null,
  });
  await page.goto(`/audit/access/${request.grants[0].id}`);
  const story = page.locator("ol").first();
  await expect(story).toContainText(request.subject.displayName); // who requested
  await expect(story).toContainText("Human"); // which identity type
  await expect(story).toContainText("Triad starter"); // what policy applied
  await expect(story).toContainText(manager.name); // who approved
  await expect(story).toContainText("after a TOTP step-up");
  await expect(story).toContainText("Migration finished; access no longer needed"); // how it ended
  await page.screenshot({ path: "/tmp/my-work-story.png", fullPage: true });
});
