import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { expectAccessible } from "./axe";
import { expect, test } from "./fixtures";

// An admin gives an entitlement its own maximum duration and a security sign-off on its page;
// the card shows the new settings, the ledger records the change, and an auditor sees the
// settings without a form. A save from a page opened before someone else's change is refused.
test("an admin sets an entitlement's access settings", async ({ page, signedIn }) => {
  const tag = randomUUID().slice(0, 8);
  const resource = await db.resource.create({
    data: { name: `Payroll ${tag}`, kind: "APPLICATION", externalId: `payroll-${tag}`, sourceSystem: "e2e" },
  });
  const ent = await db.entitlement.create({
    data: { resourceId: resource.id, name: `payroll-admin-${tag}` },
  });
  await signedIn(["ADMIN"]);
  await page.goto(`/entitlements/${ent.id}`);
  const card = page.getByRole("region", { name: "Access settings" });
  await expect(card.locator("dd", { hasText: "Policy default (90 days)" })).toBeVisible();
  await expect(card.locator("dd", { hasText: "Not required" })).toBeVisible();

  await page.getByLabel("Maximum duration of one request").selectOption({ label: "2 hours" });
  await page.getByLabel(/Security sign-off/).check();
  await page.getByRole("button", { name: "Save access settings" }).click();
  await expect(page.getByText("Access settings saved")).toBeVisible();
  await expect(card.getByText("Required: a security admin approves last")).toBeVisible();
  await expect(card.locator("dd", { hasText: /^2 hours$/ })).toBeVisible();
  // The form shows what was saved, not what it was first rendered with.
  await expect(page.getByLabel("Maximum duration of one request")).toHaveValue("120");
  await expect(page.getByLabel(/Security sign-off/)).toBeChecked();
  expect(
    await db.entitlement.findUniqueOrThrow({
      where: { id: ent.id },
      select: { maxDurationMinutes: true, securitySignOff: true, privileged: true },
    }),
  ).toEqual({ maxDurationMinutes: 120, securitySignOff: true, privileged: false });
  const entry = await db.logEntry.findFirstOrThrow({
    where: { target: `entitlement:${ent.id}`, action: "entitlement.settings_changed" },
  });
  expect(entry.details).toMatchObject({
    before: { maxDurationMinutes: null, securitySignOff: false },
    after: { maxDurationMinutes: 120, securitySignOff: true },
  });
  await page.screenshot({ path: "/tmp/entset-admin.png", fullPage: true });
  // The toast is transient; axe checks the page itself.
  await expect(page.getByText("Access settings saved")).toBeHidden({ timeout: 15_000 });
  await expectAccessible(page, `/entitlements/${ent.id} (admin)`);

  // Another admin changes the settings while this page is open: this admin's next save, made
  // from what the page still shows, is refused with a form error and writes nothing.
  await db.entitlement.update({ where: { id: ent.id }, data: { maxDurationMinutes: 60 } });
  await page.locator("#setting-privileged").check();
  await page.getByRole("button", { name: "Save access settings" }).click();
  await expect(card.getByRole("alert")).toContainText("changed by someone else since you opened them");
  await page.screenshot({ path: "/tmp/entset-conflict.png", fullPage: true });
  expect(
    await db.entitlement.findUniqueOrThrow({ where: { id: ent.id }, select: { privileged: true } }),
  ).toEqual({ privileged: false });
  expect(
    await db.logEntry.count({
      where: { target: `entitlement:${ent.id}`, action: "entitlement.settings_changed" },
    }),
  ).toBe(1);

  await signedIn(["AUDITOR"]);
  await page.goto(`/entitlements/${ent.id}`);
  await expect(page.getByText("Required: a security admin approves last")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save access settings" })).toHaveCount(0);
});
