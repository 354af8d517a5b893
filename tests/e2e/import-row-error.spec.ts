import path from "node:path";
import { db } from "@/lib/db";
import { expect, test } from "./fixtures";

// An admin uploads a CSV with one bad row: the preview names the row and why, nothing is written.
test("import a CSV with one bad row and see the row error", async ({ page, signedIn }) => {
  await signedIn(["ADMIN"]);
  const before = await db.actor.count({
    where: { externalId: { in: ["svc-good-1", "svc-bad-date", "svc-good-2"] }, sourceSystem: "csv" },
  });
  await page.goto("/settings/import");
  await page.waitForLoadState("networkidle");
  await page.getByLabel("What does the file contain?").selectOption("nhis");
  await page
    .getByLabel(/CSV file/)
    .setInputFiles(path.join(process.cwd(), "samples", "nhis-with-errors.csv"));
  await page.getByRole("button", { name: "Check file" }).click();

  await expect(page.getByText(/Nothing was written/)).toBeVisible();
  const errors = page.getByRole("table", { name: "Row errors" });
  await expect(errors.getByRole("row")).toHaveCount(2); // header + one error
  await expect(errors.getByText("Row 3")).toBeVisible();
  await expect(errors.getByText("last_rotated_at")).toBeVisible();
  await expect(errors.getByText(/not a date/)).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import/ })).toBeDisabled();
  expect(
    await db.actor.count({
      where: { externalId: { in: ["svc-good-1", "svc-bad-date", "svc-good-2"] }, sourceSystem: "csv" },
    }),
  ).toBe(before);
});
