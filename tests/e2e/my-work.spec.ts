import { db } from "@/lib/db";
import { makeActor, makeHuman } from "../support/factories";
import { expectAccessible } from "./axe";
import { expect, test } from "./fixtures";

test("a manager lands on their own work, not the org dashboard", async ({ page, signedIn }) => {
  const manager = await makeHuman({ name: "Mr. Chadd Stracke" });
  const report = await makeHuman({ managerId: manager.id });
  const leaverNhi = await makeActor("NHI", { platform: "aws" });
  await db.nhiProfile.update({
    where: { actorId: leaverNhi.id },
    data: { pendingOwnerId: manager.id, claimStatus: "ORPHANED" },
  });
  const entitlement = await db.entitlement.findFirstOrThrow({ select: { id: true } });
  await db.grant.create({
    data: {
      actorId: report.id,
      entitlementId: entitlement.id,
      source: "REQUEST",
      expiresAt: new Date(Date.now() + 2 * 86_400_000),
    },
  });

  await signedIn(["MANAGER"], { actorId: manager.id });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "My work" })).toBeVisible();
  await expect(page.getByText("Welcome back, Mr. Chadd Stracke.")).toBeVisible();
  const leavers = page.getByRole("region", { name: "Leavers' NHIs to take over" });
  await expect(leavers.getByTestId("work-count")).toHaveText("1");
  await expect(leavers.getByRole("link", { name: leaverNhi.displayName })).toBeVisible();
  const expiring = page.getByRole("region", { name: "Your reports' access ending this week" });
  await expect(expiring.getByRole("link", { name: report.displayName })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Organisation" })).toHaveCount(0);
  await expectAccessible(page, "My work (manager)");
});

test("an admin sees the organisation dashboard; an auditor sees the ledger's integrity", async ({
  page,
  signedIn,
}) => {
  await signedIn(["ADMIN", "AUDITOR"]);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Organisation" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Ledger integrity" })).toBeVisible();
  await expectAccessible(page, "My work (admin + auditor)");
});
