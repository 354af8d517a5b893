import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemCaller } from "@/lib/actions/caller";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { getActivePolicySet } from "@/lib/policy/active";
import { activateVersion, addTestCase, createPolicySet, saveDraft } from "@/lib/policy/mutations";
import { simulateVersion } from "@/lib/policy/simulate";
import { runPolicyTests } from "@/lib/policy/testing";
import { ensureStarterPolicies, STARTER_SET_NAME } from "@/lib/policy/starter";
import { STARTER_POLICY_TEXT } from "@/lib/policy/starter-text";
import { makeHuman, uid } from "../support/factories";

const caller = systemCaller();

beforeAll(async () => {
  await ensureStarterPolicies();
});

describe("policy versions and activation", () => {
  it("the starter set is active and passes its own test cases", async () => {
    const set = await db.policySet.findUniqueOrThrow({
      where: { name: STARTER_SET_NAME },
      select: { versions: { where: { status: "ACTIVE" }, select: { id: true } } },
    });
    const results = await runPolicyTests(set.versions[0].id);
    expect(results.length).toBeGreaterThanOrEqual(9);
    expect(results.filter((r) => !r.passed)).toEqual([]);
  });

  it("invalid Cedar cannot be activated", async () => {
    const { versionId } = await createPolicySet(caller, {
      name: `bad-${uid()}`,
      text: `permit (principal is Human, action == Action::"readData", resource) when { principal.shoeSize > 3 };`,
    });
    await expect(activateVersion(caller, { versionId })).rejects.toThrow(/does not validate.*shoeSize/);
    expect((await db.policyVersion.findUniqueOrThrow({ where: { id: versionId } })).status).toBe("DRAFT");
  });

  it("a failing test case blocks activation; fixing the policy lets it activate, and the ledger records it", async () => {
    const name = `contractors-${uid()}`;
    const { policySetId, versionId: v1 } = await createPolicySet(caller, {
      name,
      text: `@id("tools") permit (principal is Human, action == Action::"invokeTool", resource is Tool);`,
    });
    await addTestCase(caller, {
      policySetId,
      name: "contractors may not deploy",
      expected: "DENY",
      request: {
        subject: { type: "human", id: "test-contractor", properties: { employmentStatus: "CONTRACTOR" } },
        action: { name: "invokeTool" },
        resource: { type: "tool", id: "deploy" },
      },
    });
    await expect(activateVersion(caller, { versionId: v1 })).rejects.toThrow(
      /1 of 1 test case\(s\) fail: contractors may not deploy/,
    );

    const { versionId: v2, version } = await saveDraft(caller, {
      policySetId,
      text: `@id("no-contractor-tools") forbid (principal is Human, action == Action::"invokeTool", resource is Tool) when { principal.employmentStatus == "CONTRACTOR" };`,
    });
    expect(version).toBe(2);
    const activated = await activateVersion(caller, { versionId: v2 });
    expect(activated.tests).toBe(1);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { action: "policy.activated", target: `policy:${policySetId}` },
      orderBy: { seq: "desc" },
    });
    expect(entry.details).toMatchObject({ version: 2, hash: activated.hash });
    const active = await getActivePolicySet();
    expect(active.versions.map((v) => v.versionId)).toContain(v2);
    // The set is retired again so later tests see the starter behaviour only.
    await db.policyVersion.update({ where: { id: v2 }, data: { status: "RETIRED" } });
  });

  it("versions are immutable: saving the same text again makes no new version", async () => {
    const { policySetId, versionId } = await createPolicySet(caller, {
      name: `same-${uid()}`,
      text: "permit (principal, action, resource);",
    });
    const again = await saveDraft(caller, { policySetId, text: "permit (principal, action, resource);" });
    expect(again).toMatchObject({ versionId, unchanged: true });
  });
});

describe("simulation", () => {
  it("replays logged decisions against a draft and lists the ones that change", async () => {
    const human = await makeHuman();
    const r = await db.resource.create({
      data: { name: `wiki-${uid()}`, kind: "APPLICATION", externalId: uid(), sourceSystem: "test" },
    });
    const e = await db.entitlement.create({ data: { resourceId: r.id, name: "editor" } });
    await db.grant.create({ data: { actorId: human.id, entitlementId: e.id, source: "BIRTHRIGHT" } });
    const logged = await evaluateAndLog(
      { id: "sim", name: "sim PEP" },
      {
        subject: { type: "human", id: human.id },
        action: { name: "writeData" },
        resource: { type: "entitlement", id: e.id },
      },
    );
    expect(logged.decision).toBe("allow");

    const starter = await db.policySet.findUniqueOrThrow({
      where: { name: STARTER_SET_NAME },
      select: { id: true },
    });
    const stricter = `${STARTER_POLICY_TEXT}\n@id("read-only-fridays")\n@reason("no writes")\nforbid (principal is Human, action == Action::"writeData", resource);\n`;
    const { versionId } = await saveDraft(caller, { policySetId: starter.id, text: stricter });
    const sim = await simulateVersion(versionId, 200);
    expect(sim.replayed).toBeGreaterThan(0);
    const change = sim.changed.find((c) => c.seq === logged.seq!.toString());
    expect(change).toMatchObject({
      logged: "ALLOW",
      active: "ALLOW",
      draft: "DENY",
      draftReason: "no writes",
    });
    expect(change!.request.resource.id).toBe(e.id);
    expect(sim.changed.every((c) => c.request.action.name === "writeData")).toBe(true);
  });
});
