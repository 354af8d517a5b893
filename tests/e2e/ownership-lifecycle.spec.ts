import { db } from "@/lib/db";
import { expect, test } from "./fixtures";
import { makeNhi, makePerson, makeTeam } from "../integration/ownership-support";
import { uid } from "../support/factories";

// The NHI lifecycle through the console: claim, approve, succession on offboarding, retirement.
test.describe("NHI ownership lifecycle", () => {
  test("a service owner bulk-claims three NHIs and an admin approves one", async ({ page, signedIn }) => {
    const tag = `e2e-claim-${uid()}`;
    const team = await makeTeam();
    const owner = await makePerson({ teamId: team.id });
    const nhis = [];
    for (let i = 1; i <= 3; i++) {
      const n = await makeNhi({ platform: `E2E-${tag}`, account: `${tag}-acct-${i}` });
      nhis.push(await db.actor.update({ where: { id: n.id }, data: { displayName: `${tag}-${i}` } }));
    }
    await signedIn(["SERVICE_OWNER"], { actorId: owner.id });
    await page.goto(`/ownership?q=${tag}`);
    await page.waitForLoadState("networkidle");
    for (const n of nhis) await page.getByLabel(`Select ${n.displayName}`).check();
    await page.getByTestId("claim-selected").click();
    await page.getByLabel("Justification").fill("These run the e2e payments service my team operates.");
    await page.getByRole("button", { name: "Claim", exact: true }).click();
    const outcomes = page.getByTestId("claim-outcomes");
    await expect(outcomes.getByText("Pending")).toHaveCount(3);

    await signedIn(["ADMIN"]);
    await page.goto("/ownership/claims");
    const row = page.getByTestId(`claim-${nhis[0].displayName}`);
    await expect(row).toBeVisible();
    await row.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId(`claim-${nhis[0].displayName}`)).toHaveCount(0);
    await expect(page.getByTestId(`claim-${nhis[1].displayName}`)).toBeVisible();
    const approved = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhis[0].id } });
    expect(approved).toMatchObject({ claimStatus: "OWNED", ownerId: owner.id });
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhis[1].id } })).claimStatus).toBe(
      "CLAIM_PENDING",
    );
  });

  test("offboarding an owner moves their NHIs to the manager, who accepts them", async ({
    page,
    signedIn,
  }) => {
    const manager = await makePerson({ name: `Manager ${uid()}` });
    const leaver = await makePerson({ managerId: manager.id });
    const leaverEmail = (await db.humanProfile.findUniqueOrThrow({ where: { actorId: leaver.id } })).email;
    const owned = [await makeNhi({ ownerId: leaver.id }), await makeNhi({ ownerId: leaver.id })];

    await signedIn(["ADMIN"]);
    await page.goto("/ownership/transfers");
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Person's email").fill(leaverEmail);
    await page.locator("#offboard-reason").fill("Left the company today");
    await page.getByRole("button", { name: "Offboard" }).click();
    await expect(page.getByTestId("offboard-result")).toContainText("2 NHI(s) orphaned");
    await expect(page.getByTestId("offboard-result")).toContainText("pending with their manager");
    for (const n of owned) {
      expect(await db.nhiProfile.findUniqueOrThrow({ where: { actorId: n.id } })).toMatchObject({
        claimStatus: "ORPHANED",
        pendingOwnerId: manager.id,
        ownerId: null,
      });
    }

    await signedIn(["SERVICE_OWNER"], { actorId: manager.id });
    await page.goto("/ownership/transfers");
    await expect(page.getByText("Handed to you by succession")).toBeVisible();
    for (const n of owned) await expect(page.getByLabel(`Accept ${n.displayName}`)).toBeChecked();
    await page.getByRole("button", { name: "Accept selected" }).click();
    await expect(page.getByText("Handed to you by succession")).toHaveCount(0);
    for (const n of owned) {
      expect(await db.nhiProfile.findUniqueOrThrow({ where: { actorId: n.id } })).toMatchObject({
        claimStatus: "OWNED",
        ownerId: manager.id,
      });
    }
  });

  test("an NHI is retired step by step, and the page shows who did each step and when", async ({
    page,
    signedIn,
  }) => {
    const owner = await makePerson();
    const nhi = await makeNhi({ ownerId: owner.id });
    await db.credential.create({
      data: { actorId: nhi.id, kind: "STATIC_KEY", label: "deploy key", fingerprint: `SHA256:${uid()}` },
    });
    const user = await signedIn(["SERVICE_OWNER"], { actorId: owner.id });
    await page.goto(`/ownership/retire/${nhi.id}`);
    await page.waitForLoadState("networkidle");
    await page.getByLabel("Why is it being retired?").fill("Service decommissioned, CHG-42");
    await page.getByRole("button", { name: "Start retirement" }).click();

    for (const step of ["DISABLE", "REVOKE_CREDENTIALS", "REMOVE_GRANTS"]) {
      await page.getByTestId(`complete-${step}`).click();
      await expect(page.getByTestId(`step-${step}-done`)).toBeVisible();
    }
    // The attestation needs evidence: a clear field error, nothing recorded.
    await page.getByTestId("complete-CONFIRM_TARGET").click();
    await expect(page.getByText(/Attest with evidence/)).toBeVisible();
    await page.getByLabel("Evidence").fill("https://tickets.example/CHG-42 service account deleted in GCP");
    await page.getByTestId("complete-CONFIRM_TARGET").click();
    await expect(page.getByTestId("step-CONFIRM_TARGET-done")).toContainText("CHG-42");
    await page.getByTestId("complete-ARCHIVE").click();
    await expect(page.getByTestId("step-ARCHIVE-done")).toBeVisible();
    await expect(page.getByRole("heading").getByText("Retired")).toBeVisible();
    await expect(page.getByTestId("step-DISABLE-done")).toContainText(`by ${owner.displayName}`);
    expect((await db.actor.findUniqueOrThrow({ where: { id: nhi.id } })).status).toBe("RETIRED");
    expect(
      await db.logEntry.count({
        where: { target: `actor:${nhi.id}`, actor: user.id, action: { startsWith: "nhi.retire" } },
      }),
    ).toBe(6);
  });

  test("an owner marks an overdue credential rotated from the rotation board", async ({ page, signedIn }) => {
    const owner = await makePerson();
    const nhi = await makeNhi({
      ownerId: owner.id,
      lastRotatedAt: new Date(Date.now() - 400 * 86_400_000),
      rotationDueAt: new Date(Date.now() - 35 * 86_400_000),
    });
    await db.credential.create({
      data: { actorId: nhi.id, kind: "STATIC_KEY", label: "api key", fingerprint: `SHA256:old:${uid()}` },
    });
    await signedIn(["SERVICE_OWNER"], { actorId: owner.id });
    await page.goto("/ownership/rotation?bucket=overdue");
    const row = page.getByTestId(`rotation-${nhi.displayName}`);
    await expect(row).toContainText("Overdue");
    await row.getByRole("button", { name: "Mark rotated" }).click();
    await page.getByRole("button", { name: "Record rotation" }).click();
    await expect(page.getByText(/Enter the new credential's fingerprint/)).toBeVisible();
    await page.getByLabel("New fingerprint").fill("SHA256:9f2c:1ab4:77de:0c31");
    await page.getByRole("button", { name: "Record rotation" }).click();
    await expect(page.getByTestId(`rotation-${nhi.displayName}`)).toHaveCount(0);
    const after = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } });
    expect(after.lastRotatedById).toBe(owner.id);
    expect(after.rotationDueAt!.getTime()).toBeGreaterThan(Date.now());
    expect(
      await db.credential.count({
        where: { actorId: nhi.id, fingerprint: "SHA256:9f2c:1ab4:77de:0c31", revokedAt: null },
      }),
    ).toBe(1);
  });
});
