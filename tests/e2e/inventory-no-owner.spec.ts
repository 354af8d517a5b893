import { db } from "@/lib/db";
import { makeHuman, uid } from "../support/factories";
import { expect, test } from "./fixtures";

// A service owner finds the NHIs of a platform that have no owner and opens one.
test("filter the NHI view to a platform with no owner and open one", async ({ page, signedIn }) => {
  const platform = `E2E-${uid()}`;
  const owner = await makeHuman();
  const mk = (name: string, ownerId?: string) =>
    db.actor.create({
      data: {
        kind: "NHI",
        displayName: `${name}-${platform}`,
        externalId: `ext-${name}-${uid()}`,
        sourceSystem: "e2e",
        riskScore: ownerId ? 0 : 35,
        nhi: {
          create: {
            nhiType: "API_KEY",
            platform,
            ownerId,
            claimStatus: ownerId ? "OWNED" : "UNCLAIMED",
            rotationPeriodDays: 30,
            lastRotatedAt: new Date("2025-01-01"),
          },
        },
      },
    });
  await mk("owned-key", owner.id);
  const orphan = await mk("ownerless-key");
  await signedIn(["SERVICE_OWNER"]);

  await page.goto("/inventory/nhis");
  await expect(page.getByRole("heading", { name: "Non-human identities" })).toBeVisible();
  // The filters live in the URL, so the view can be shared.
  await page.goto(`/inventory/nhis?platform=${platform}&noOwner=1`);
  await expect(page.getByText(`ownerless-key-${platform}`, { exact: true })).toBeVisible();
  await expect(page.getByText(`owned-key-${platform}`, { exact: true })).toHaveCount(0);

  // The filtered view exports as CSV (streamed), with the same rows.
  const csv = await page.request.get(`/api/inventory/export?view=nhis&platform=${platform}&noOwner=1`);
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const body = await csv.text();
  expect(body).toContain(`ownerless-key-${platform}`);
  expect(body).not.toContain(`owned-key-${platform}`);

  await page.getByText(`ownerless-key-${platform}`, { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/actors/${orphan.id}`));
  await expect(page.getByRole("heading", { name: new RegExp(`ownerless-key-${platform}`) })).toBeVisible();
  const reasons = page.getByRole("list", { name: "Risk reasons" });
  await expect(reasons.getByText("No owner")).toBeVisible();
  await expect(reasons.getByText(/Credential is \d+ days old/)).toBeVisible();
});
