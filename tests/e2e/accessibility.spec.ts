import { expectAccessible } from "./axe";
import { expect, test } from "./fixtures";
import { CONSOLE_PAGES as PAGES, detailPages } from "./pages";

// Every console page, as an admin sees it with the demo data, passes axe's WCAG 2.1 AA rules.

test("the sign-in page is accessible", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: /sign in/i })).toBeVisible();
  await expectAccessible(page, "/login");
});

test("every console page is accessible", async ({ page, signedIn }) => {
  test.setTimeout(400_000);
  await signedIn(["ADMIN"]);
  for (const path of [...PAGES, ...(await detailPages())]) {
    await page.goto(path);
    await expect(page.locator("main h1").first()).toBeVisible();
    await expectAccessible(page, path);
  }
});
