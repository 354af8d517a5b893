import { expect, test } from "./fixtures";

test("an auditor reads the ledger, verifies its chain and exports the evidence", async ({ page, signedIn }) => {
  const auditor = await signedIn(["AUDITOR"]);
  await page.goto("/audit");
  await expect(page.getByRole("heading", { name: "Audit" })).toBeVisible();

  await page.getByRole("button", { name: "Verify chain" }).click();
  await expect(page.getByText("Chain intact")).toBeVisible();

  // The check itself is recorded: search the ledger for entries about the ledger.
  await page.getByPlaceholder(/Exact target/).fill("ledger");
  await expect(page).toHaveURL(/q=ledger/);
  const row = page.getByRole("row").filter({ hasText: auditor.name }).filter({ hasText: "audit.ledger_verified" });
  await expect(row.first()).toBeVisible();

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /Export this view/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^triad-ledger-.*\.csv$/);
});

test("a service owner may not open the audit log", async ({ page, signedIn }) => {
  await signedIn(["SERVICE_OWNER"]);
  await page.goto("/audit");
  await expect(page.getByText(/don.t have access/i)).toBeVisible();
});
