import { systemCaller } from "@/lib/actions/caller";
import { db } from "@/lib/db";
import { createApiClient } from "@/lib/api-clients/mutations";
import { addTestCase, createPolicySet } from "@/lib/policy/mutations";
import { makeHuman, uid } from "../support/factories";
import { expect, test } from "./fixtures";

// A security admin edits a policy, sees a schema error inline, fixes it, runs the set's tests,
// activates the new version, and the decision log shows decisions under the new version hash.
test("an admin edits, validates, tests and activates a policy; decisions carry the new version", async ({
  page,
  signedIn,
}) => {
  test.setTimeout(180_000);
  await signedIn(["ADMIN"]);
  const caller = systemCaller();
  const name = `e2e contractors ${uid()}`;
  const { policySetId } = await createPolicySet(caller, {
    name,
    text: `@id("placeholder")\nforbid (principal is Human, action == Action::"invokeTool", resource is Tool)\nwhen { principal.department == "nobody" };\n`,
  });
  await addTestCase(caller, {
    policySetId,
    name: "contractors may not deploy",
    expected: "DENY",
    request: {
      subject: { type: "human", id: "e2e-contractor", properties: { employmentStatus: "CONTRACTOR" } },
      action: { name: "invokeTool" },
      resource: { type: "tool", id: "deploy" },
    },
  });
  const { token } = await createApiClient(systemCaller(), {
    name: `e2e PEP ${uid()}`,
    scopes: ["access:evaluate"],
  });
  const human = await makeHuman();
  const ask = async () => {
    const r = await page.request.post("/access/v1/evaluation", {
      headers: { authorization: `Bearer ${token}` },
      data: {
        subject: { type: "human", id: human.id },
        action: { name: "invokeTool" },
        resource: { type: "tool", id: "search_docs" },
      },
    });
    expect(r.status()).toBe(200);
    return (await r.json()) as { decision: boolean; context: { policy_set_version: string } };
  };
  const before = (await ask()).context.policy_set_version;

  await page.goto(`/policies/${policySetId}`);
  await expect(page.getByRole("heading", { name })).toBeVisible();
  const editor = page.locator(".cm-content");
  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(
    `@id("no-contractor-tools")\n@reason("contractors may not use tools")\nforbid (principal is Human, action == Action::"invokeTool", resource is Tool)\nwhen { principal.contractor };\n`,
  );
  await expect(page.getByTestId("validation-status")).toContainText(
    "attribute `contractor` on entity type `Human` not found",
    { timeout: 20_000 },
  );

  await editor.click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.insertText(
    `@id("no-contractor-tools")\n@reason("contractors may not use tools")\nforbid (principal is Human, action == Action::"invokeTool", resource is Tool)\nwhen { principal.employmentStatus == "CONTRACTOR" };\n`,
  );
  await expect(page.getByTestId("validation-status")).toContainText("Valid against the Triad schema", {
    timeout: 20_000,
  });
  await page.getByRole("button", { name: "Save as new version" }).click();
  await expect(page).toHaveURL(/version=2/);

  await page.getByRole("button", { name: "Run tests on version 2" }).click();
  await expect(page.getByTestId("test-summary")).toHaveText("1 of 1 passed", { timeout: 20_000 });
  await page.getByRole("button", { name: "Activate version 2" }).click();
  await expect(page.getByText(/Version 2 is active/)).toBeVisible({ timeout: 20_000 });

  const v2 = await db.policyVersion.findFirstOrThrow({ where: { policySetId, version: 2 } });
  expect(v2.status).toBe("ACTIVE");
  // The lean decision API picks up the activation within about a second.
  let after = before;
  await expect
    .poll(async () => (after = (await ask()).context.policy_set_version), { timeout: 15_000 })
    .not.toBe(before);

  await page.goto(`/decisions?window=1h&version=${after}`);
  await expect(page.getByTestId("decision-version").first()).toHaveText(after.slice(0, 12));
});
