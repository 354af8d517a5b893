import type { Page } from "@playwright/test";
import { createUser, expect, test, totpNow } from "./fixtures";

// Wait for hydration so the form posts through its server action.
async function openLogin(page: Page) {
  await page.goto("/login");
  await page.waitForLoadState("networkidle");
}

test.describe("signing in", () => {
  test("an admin signs in with password and TOTP, sees the dashboard, and signs out", async ({ page }) => {
    const admin = await createUser(["ADMIN"]);
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fsettings/);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Email").fill(admin.email);
    await page.getByLabel("Password").fill(admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Authentication code").fill(totpNow(admin.totpSecret!));
    await page.getByRole("button", { name: "Verify and sign in" }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByRole("heading", { name: "Settings" })).toBeVisible();
    await expect(page.getByText(admin.name).first()).toBeVisible();

    await page.getByRole("button", { name: /sign out/i }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a wrong password is refused with a clear message", async ({ page }) => {
    const user = await createUser(["AUDITOR"], { mfa: false });
    await openLogin(page);
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("auth-error")).toHaveText("Email or password is incorrect.");
    await expect(page).toHaveURL(/\/login/);
  });

  test("repeated failures lock the account, even for the right password", async ({ page }) => {
    const user = await createUser(["AUDITOR"], { mfa: false });
    await openLogin(page);
    await page.getByLabel("Email").fill(user.email);
    const attempt = async (password: string) => {
      await page.getByLabel("Password").fill(password);
      const answered = page.waitForResponse(
        (r) => r.request().method() === "POST" && r.url().includes("/login"),
      );
      await page.getByRole("button", { name: "Sign in" }).click();
      await answered;
      // React resets the form once the action's state is applied; typing before that is lost.
      await expect(page.getByLabel("Password")).toHaveValue("");
    };
    for (let i = 0; i < 4; i++) {
      await attempt(`wrong-${i}`);
      await expect(page.getByTestId("auth-error")).toHaveText("Email or password is incorrect.");
    }
    await attempt("wrong-5");
    await expect(page.getByTestId("auth-error")).toContainText("locked");
    await attempt(user.password);
    await expect(page.getByTestId("auth-error")).toContainText("locked");
    await expect(page).toHaveURL(/\/login/);
  });

  test("a manager without MFA is taken through enrolment with a QR code", async ({ page }) => {
    const manager = await createUser(["MANAGER"], { mfa: false });
    await openLogin(page);
    await page.getByLabel("Email").fill(manager.email);
    await page.getByLabel("Password").fill(manager.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/mfa\/enrol/);
    await expect(page.getByAltText("QR code for your authenticator app")).toBeVisible();
    const secret = (await page.getByTestId("totp-secret").textContent())!.trim();
    await page.getByLabel("Code from your app").fill(totpNow(secret));
    await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
    await expect(page.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  });
});

test("a page the role may not see is refused", async ({ page, signedIn }) => {
  await signedIn(["AUDITOR"]);
  await page.goto("/settings");
  await expect(page.getByText(/don.t have access/i)).toBeVisible();
});
