import { db } from "@/lib/db";
import { expectAccessible } from "./axe";
import { expect, test } from "./fixtures";

// Every console page, as an admin sees it with the demo data, passes axe's WCAG 2.1 AA rules.
const PAGES = [
  "/",
  "/inventory",
  "/inventory/humans",
  "/inventory/nhis",
  "/inventory/agents",
  "/resources",
  "/entitlements",
  "/ownership",
  "/ownership/claims",
  "/ownership/rotation",
  "/ownership/transfers",
  "/ownership/inbox",
  "/requests",
  "/requests/new",
  "/requests/break-glass",
  "/campaigns",
  "/campaigns/new",
  "/reviews",
  "/agents",
  "/agents/new",
  "/agents/sessions",
  "/agents/consents",
  "/proposals",
  "/policies",
  "/decisions",
  "/audit",
  "/audit/access",
  "/settings",
  "/settings/users",
  "/settings/api-clients",
  "/settings/scim",
  "/settings/webhooks",
  "/settings/import",
  "/settings/jobs",
];

test("the sign-in page is accessible", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
  await expectAccessible(page, "/login");
});

test("every console page is accessible", async ({ page, signedIn }) => {
  test.setTimeout(400_000);
  await signedIn(["ADMIN"]);
  const nhi = await db.actor.findFirstOrThrow({ where: { kind: "NHI" }, select: { id: true } });
  const policySet = await db.policySet.findFirstOrThrow({ select: { id: true } });
  const entitlement = await db.entitlement.findFirstOrThrow({
    where: { privileged: true },
    select: { id: true },
  });
  for (const path of [
    ...PAGES,
    `/actors/${nhi.id}`,
    `/policies/${policySet.id}`,
    `/entitlements/${entitlement.id}`,
  ]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await expectAccessible(page, path);
  }
});
