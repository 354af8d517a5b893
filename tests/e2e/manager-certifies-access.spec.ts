import { db } from "@/lib/db";
import { expect, test } from "./fixtures";
import { makeUser, uid } from "../support/factories";

// An admin launches a manager campaign; the manager certifies two items and revokes one in
// bulk; the report shows it; the revoked grant's actor page and access story show the campaign.
test("manager certifies access in a campaign and the revocation is proven", async ({ page, signedIn }) => {
  test.setTimeout(120_000);
  const tag = uid();
  const person = (name: string, managerId?: string) =>
    db.actor.create({
      data: {
        kind: "HUMAN",
        displayName: name,
        externalId: `e2e-${tag}-${name}`,
        sourceSystem: "test",
        human: {
          create: {
            email: `${name.replace(/\W/g, "").toLowerCase()}-${tag}@test.example`,
            department: "Finance",
            title: "Analyst",
            managerId,
          },
        },
      },
    });
  const adminPerson = await person(`Alex Admin ${tag}`);
  const managerPerson = await person(`Morgan Manager ${tag}`);
  const report = await person(`Riley Report ${tag}`, managerPerson.id);
  const app = await db.resource.create({
    data: {
      name: `AAA Ledger ${tag}`,
      kind: "APPLICATION",
      externalId: `ledger-${tag}`,
      sourceSystem: "catalog",
      ownerId: adminPerson.id,
      entitlements: { create: [{ name: "viewer" }, { name: "editor" }, { name: "exporter" }] },
    },
    include: { entitlements: true },
  });
  const grants = await Promise.all(
    app.entitlements.map((e) =>
      db.grant.create({ data: { actorId: report.id, entitlementId: e.id, source: "REQUEST" } }),
    ),
  );
  const exporter = grants[app.entitlements.findIndex((e) => e.name === "exporter")];

  // The admin defines and previews a manager campaign scoped to one resource, then launches it.
  const admin = await makeUser(["ADMIN"], { actorId: adminPerson.id });
  await db.user.update({ where: { id: admin.user.id }, data: { name: adminPerson.displayName } });
  await signedIn(["ADMIN"], { actorId: (await person(`Second admin ${tag}`)).id });
  await page.goto("/campaigns/new");
  await page.getByLabel("Name").fill(`Ledger review ${tag}`);
  await page.locator("#resources").selectOption({ label: app.name });
  await page.getByLabel("Fallback reviewer").selectOption({ label: adminPerson.displayName });
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByTestId("campaign-preview");
  await expect(preview).toContainText("Items");
  await expect(preview.locator("dd").first()).toHaveText("3");
  await page.screenshot({ path: "/tmp/campaigns-new.png", fullPage: true });
  await page.getByRole("button", { name: "Launch" }).click();
  await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/);
  const campaignId = page.url().split("/").pop()!;
  await expect(page.getByRole("heading", { name: `Ledger review ${tag} #1` })).toBeVisible();

  // The manager certifies two items in bulk and revokes the third.
  await signedIn(["MANAGER"], { actorId: managerPerson.id });
  await page.goto(`/reviews?campaign=${campaignId}`);
  await expect(page.getByText("0 of 3 decided")).toBeVisible();
  await page.screenshot({ path: "/tmp/campaigns-reviews.png", fullPage: true });
  await page.getByLabel(`Select ${report.displayName} viewer`).check();
  await page.getByLabel(`Select ${report.displayName} editor`).check();
  await page.getByLabel("Reason").fill("Needed for month-end close");
  await page.getByRole("button", { name: "Accept", exact: true }).click();
  await expect(page.getByText("2 of 3 decided")).toBeVisible();
  await page.getByLabel(`Select ${report.displayName} exporter`).check();
  await page.getByLabel("Decision").selectOption("REVOKE");
  await page.getByLabel("Reason").fill("Exports moved to the data team");
  await page.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(page.getByText("3 of 3 decided")).toBeVisible();

  // The admin sees it in the campaign, the report and the summary.
  await signedIn(["ADMIN"], { actorId: (await person(`Third admin ${tag}`)).id });
  await page.goto(`/campaigns/${campaignId}`);
  await expect(page.getByTestId(`reviewer-${managerPerson.displayName}`)).toContainText("3 / 3");
  await page.screenshot({ path: "/tmp/campaigns-detail.png", fullPage: true });
  const csv = await (await page.request.get(`/campaigns/${campaignId}/report`)).text();
  const lines = csv.trim().split("\n");
  expect(lines).toHaveLength(4);
  expect(lines.find((l) => l.includes("exporter"))).toMatch(
    /Morgan Manager.*REVOKE,Exports moved to the data team/,
  );
  expect(lines.filter((l) => l.includes("ACCEPT,Needed for month-end close"))).toHaveLength(2);
  await page.goto(`/campaigns/${campaignId}/summary`);
  await expect(page.getByTestId("fast-decisions")).toBeVisible();
  await page.screenshot({ path: "/tmp/campaigns-summary.png", fullPage: true });
  await page.goto("/campaigns");
  await expect(page.getByText(`Ledger review ${tag}`, { exact: true })).toBeVisible();
  await page.screenshot({ path: "/tmp/campaigns-list.png", fullPage: true });
  await page.goto("/");
  await expect(page.getByText("Attestation overdue")).toBeVisible();
  await page.screenshot({ path: "/tmp/campaigns-dashboard.png", fullPage: true });

  // The revoked grant is no longer active on the actor page; its access story shows the campaign revocation.
  await page.goto(`/actors/${report.id}`);
  const row = page.getByRole("row").filter({ hasText: "exporter" });
  await expect(row).toContainText("Revoked");
  await expect(page.getByRole("row").filter({ hasText: "Active" }).filter({ hasText: app.name })).toHaveCount(
    2,
  );
  await page.goto(`/audit/access/${exporter.id}`);
  await expect(page.getByText("Campaign revoke")).toBeVisible();
  await expect(page.getByText("Exports moved to the data team").first()).toBeVisible();
  await page.screenshot({ path: "/tmp/campaigns-access-story.png", fullPage: true });
});
