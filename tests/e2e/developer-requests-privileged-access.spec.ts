import { db } from "@/lib/db";
import { runDueJobs } from "@/lib/jobs/runner";
import { grantExpiryJobKey } from "@/lib/grants/end";
import { expect, test, totpNow } from "./fixtures";
import { makePerson } from "../integration/ownership-support";
import { uid } from "../support/factories";

// A developer asks for two hours of a privileged entitlement; their manager and the resource
// owner approve with a TOTP step-up; the grant and its access story appear; after the clock
// passes the expiry, the story shows the EXPIRY revocation.
test("a developer requests 2 h of privileged access, approved with step-ups, and it expires", async ({
  page,
  signedIn,
}) => {
  test.setTimeout(120_000);
  const tag = uid();
  const manager = await makePerson({ name: `Maya Manager ${tag}` });
  const dev = await makePerson({ name: `Dev Developer ${tag}`, managerId: manager.id });
  const owner = await makePerson({ name: `Olu Owner ${tag}` });
  const resource = await db.resource.create({
    data: {
      name: `payments-db-${tag}`,
      kind: "INFRASTRUCTURE",
      ownerId: owner.id,
      externalId: `pdb-${tag}`,
      sourceSystem: "e2e",
      sensitivity: "RESTRICTED",
    },
  });
  const ent = await db.entitlement.create({
    data: { resourceId: resource.id, name: `db-admin-${tag}`, privileged: true },
  });

  // The developer finds the entitlement and asks, with a fresh authenticator code.
  const devUser = await signedIn(["SERVICE_OWNER"], { actorId: dev.id });
  await page.goto(`/requests/new?q=${encodeURIComponent(`payments-db-${tag}`)}`);
  await expect(page.getByText("Privileged").first()).toBeVisible();
  await page.getByRole("link", { name: `Request ${ent.name} on ${resource.name}` }).click();
  await page.getByLabel("Duration").selectOption("120");
  await page.getByLabel("Justification").fill("Rotate the payments database root credential (CHG-42).");
  await page.getByLabel("Ticket (optional)").fill("CHG-42");
  await page.getByLabel("Authenticator code").fill(totpNow(devUser.totpSecret!));
  await page.screenshot({ path: "/tmp/req-new.png", fullPage: true });
  await page.getByRole("button", { name: "Submit request" }).click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestUrl = page.url();
  await expect(page.getByRole("heading", { name: "Approval stage 1 (any one of)" })).toBeVisible();
  await expect(page.getByText("ALLOW")).toBeVisible();

  // The manager sees it in "To approve" and approves with a step-up.
  const managerUser = await signedIn(["MANAGER"], { actorId: manager.id });
  await page.goto("/requests");
  await expect(page.getByRole("link", { name: /To approve/ })).toContainText("1");
  await page.screenshot({ path: "/tmp/req-inbox.png", fullPage: true });
  await page.getByText(ent.name).first().click();
  await page.waitForURL(requestUrl);
  await page.getByLabel("Authenticator code").fill(totpNow(managerUser.totpSecret!));
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText(/approved on .* after a step-up/)).toBeVisible();

  // Privileged: the resource owner (a second group) approves too.
  const ownerUser = await signedIn(["AGENT_SPONSOR"], { actorId: owner.id });
  await page.goto(requestUrl);
  await page.getByLabel("Authenticator code").fill(totpNow(ownerUser.totpSecret!));
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("link", { name: "Access story" })).toBeVisible();
  await page.screenshot({ path: "/tmp/req-timeline.png", fullPage: true });

  const grant = await db.grant.findFirstOrThrow({ where: { actorId: dev.id, entitlementId: ent.id } });
  expect(grant.expiresAt!.getTime() - grant.grantedAt.getTime()).toBe(120 * 60_000);

  // The access story answers all five questions from the live records.
  await page.getByRole("link", { name: "Access story" }).click();
  await page.waitForURL(`**/audit/access/${grant.id}`);
  const story = page.locator("ol").first();
  await expect(story.getByText(`${dev.displayName}`).first()).toBeVisible();
  await expect(story).toContainText("Rotate the payments database root credential");
  await expect(story).toContainText("Human");
  await expect(story).toContainText("Triad starter");
  await expect(story).toContainText(manager.displayName);
  await expect(story).toContainText(owner.displayName);
  await expect(story).toContainText("after a TOTP step-up");
  await expect(story).toContainText("Still active");
  await page.screenshot({ path: "/tmp/req-story.png", fullPage: true });

  // The clock passes the expiry (test-only data change), the timer runs, the story says EXPIRY.
  await db.grant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${grantExpiryJobKey(grant.id)}`;
  await runDueJobs();
  await expect
    .poll(async () => (await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status)
    .toBe("EXPIRED");
  await page.reload();
  await expect(page.locator("ol").first()).toContainText("Expiry");
  await expect(page.locator("ol").first()).toContainText("the grant reached its expiry time");
  await page.screenshot({ path: "/tmp/req-story-expired.png", fullPage: true });
});

// The same grant's other ending: an admin revokes it by hand with a reason, and suspends the identity.
test("an admin revokes a requested grant with a reason and suspends the identity", async ({
  page,
  signedIn,
}) => {
  const tag = uid();
  const dev = await makePerson({ name: `Dana Dev ${tag}` });
  const resource = await db.resource.create({
    data: { name: `billing-${tag}`, kind: "APPLICATION", externalId: `bill-${tag}`, sourceSystem: "e2e" },
  });
  const ent = await db.entitlement.create({
    data: { resourceId: resource.id, name: `billing-reader-${tag}` },
  });
  const grant = await db.grant.create({
    data: {
      actorId: dev.id,
      entitlementId: ent.id,
      source: "REQUEST",
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });

  await signedIn(["ADMIN"]);
  await page.goto(`/actors/${dev.id}`);
  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("textbox", { name: "Reason" }).fill("Moved to another team");
  await page.screenshot({ path: "/tmp/req-actor-revoke.png", fullPage: true });
  await page.getByRole("button", { name: "Revoke grant" }).click();
  await expect
    .poll(async () => (await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status)
    .toBe("REVOKED");
  const revocation = await db.revocation.findFirstOrThrow({ where: { grantId: grant.id } });
  expect(revocation).toMatchObject({ method: "MANUAL", reason: "Moved to another team" });

  await page.reload();
  await page.getByRole("button", { name: "Suspend identity" }).click();
  await page.getByRole("textbox", { name: "Reason" }).fill("Suspected account takeover");
  await page.getByRole("button", { name: "Suspend", exact: true }).click();
  await expect
    .poll(async () => (await db.actor.findUniqueOrThrow({ where: { id: dev.id } })).status)
    .toBe("SUSPENDED");
  await page.reload();
  await expect(page.getByRole("button", { name: "Reinstate identity" })).toBeVisible();
  await page.screenshot({ path: "/tmp/req-actor-suspended.png", fullPage: true });

  await page.goto("/requests/break-glass");
  await expect(page.getByRole("heading", { name: "Break-glass access" })).toBeVisible();
  await page.screenshot({ path: "/tmp/req-break-glass.png", fullPage: true });
});

// A request no longer needed: the requester withdraws it from its page; it leaves the approver's inbox.
test("a developer cancels a pending request and its approver is told", async ({ page, signedIn }) => {
  const tag = uid();
  const manager = await makePerson({ name: `Mo Manager ${tag}` });
  const dev = await makePerson({ name: `Cai Developer ${tag}`, managerId: manager.id });
  const resource = await db.resource.create({
    data: { name: `wiki-${tag}`, kind: "APPLICATION", externalId: `wiki-${tag}`, sourceSystem: "e2e" },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: `wiki-editor-${tag}` } });

  await signedIn(["SERVICE_OWNER"], { actorId: dev.id });
  await page.goto(`/requests/new?q=${encodeURIComponent(`wiki-${tag}`)}`);
  await page.getByRole("link", { name: `Request ${ent.name} on ${resource.name}` }).click();
  await page.getByLabel("Justification").fill("Fix the onboarding page typo.");
  await page.getByRole("button", { name: "Submit request" }).click();
  await page.waitForURL(/\/requests\/[0-9a-f-]{36}$/);
  const requestId = page.url().split("/").pop()!;
  await page.getByLabel("Why (optional)").fill("Someone else fixed it");
  await page.getByRole("button", { name: "Cancel my request" }).click();
  await expect(page.getByRole("heading", { name: "Cancelled" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel my request" })).toHaveCount(0);
  await page.screenshot({ path: "/tmp/req-cancelled.png", fullPage: true });
  expect((await db.accessRequest.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("CANCELLED");
  expect(await db.inboxMessage.count({ where: { recipientId: manager.id, kind: "request.cancelled" } })).toBe(
    1,
  );
});
