import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { createScimToken } from "@/lib/scim/tokens";
import { makeActor, uid } from "../support/factories";
import { expect, test } from "./fixtures";

// The IdP deactivates a person over SCIM; their NHIs are flagged and the console shows it.
test("a SCIM deactivate flags the leaver's NHIs", async ({ page, request, signedIn }) => {
  const { token } = await createScimToken(`e2e-idp-${uid()}`, SYSTEM_ACTOR, null);
  const auth = { authorization: `Bearer ${token}`, "content-type": "application/scim+json" };
  const userName = `leaver-${uid()}@e2e.example`;
  const created = await request.post("/scim/v2/Users", {
    headers: auth,
    data: {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName,
      name: { givenName: "Lee", familyName: "Ver" },
      active: true,
    },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const nhi = await makeActor("NHI", { ownerId: id });

  const patched = await request.patch(`/scim/v2/Users/${id}`, {
    headers: auth,
    data: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [{ op: "replace", value: { active: false } }],
    },
  });
  expect(patched.status()).toBe(200);
  expect(((await patched.json()) as { active: boolean }).active).toBe(false);

  await signedIn(["ADMIN"]);
  await page.goto(`/actors/${nhi.id}`);
  await expect(page.getByText("Flagged: leaver")).toBeVisible();
  await expect(page.getByText(/Lee Ver is leaving/)).toBeVisible();
  await page.goto(`/actors/${id}`);
  await expect(page.getByText("Offboarding").first()).toBeVisible();
  await expect(page.getByText("actor.leaver_flagged")).toBeVisible();
});
