import { db } from "@/lib/db";
import { createUser, expect, signInAs, test } from "./fixtures";

// A user holding a one-time password (new account, or an admin reset) can do nothing but choose
// their own; then the console opens and the old password no longer works.
test("a user with a one-time password must choose their own before using the console", async ({ page }) => {
  const user = await createUser(["AUDITOR"], { mfa: false });
  await db.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { name: "Choose your password" })).toBeVisible();
  // Any other page leads back here.
  await page.goto("/inventory");
  await expect(page).toHaveURL(/\/account\/password$/);
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "/tmp/auth-change-password.png" });

  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill("short");
  await page.getByLabel("New password again").fill("short");
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page.getByText("At least 12 characters").first()).toBeVisible();

  const chosen = "a-much-better-passphrase-2026";
  await page.getByLabel("Current password").fill(user.password);
  await page.getByLabel("New password", { exact: true }).fill(chosen);
  await page.getByLabel("New password again").fill(chosen);
  await page.getByRole("button", { name: "Save password" }).click();
  await expect(page).toHaveURL(/\/$/);
  expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
  expect(
    await db.logEntry.count({ where: { action: "user.password_changed", target: `user:${user.id}` } }),
  ).toBe(1);
});

test("an admin resets a password and sees the new one-time password once", async ({ page }) => {
  const admin = await createUser(["ADMIN"]);
  const target = await createUser(["AUDITOR"], { mfa: false });
  await signInAs(page, admin);
  await page.goto("/settings/users");
  await page.waitForLoadState("networkidle");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: `Actions for ${target.email}` }).click();
  await page.getByRole("menuitem", { name: "Reset password…" }).click();
  const shown = page.getByTestId("reset-password");
  await expect(shown).toBeVisible();
  await page.screenshot({ path: "/tmp/auth-reset-password.png" });
  const row = await db.user.findUniqueOrThrow({ where: { id: target.id } });
  expect(row.mustChangePassword).toBe(true);
  expect((await shown.textContent())?.length).toBeGreaterThanOrEqual(16);
});
