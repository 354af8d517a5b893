import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { activateVersion, createPolicySet } from "@/lib/policy/mutations";
import { systemCaller } from "@/lib/actions/caller";
import { submitRequest } from "@/lib/requests/submit";
import { makeHuman, uid } from "@/tests/support/factories";
import { makeEntitlement, signedIn } from "./requests-support";

// A permit annotated @autoApprove("true") approves a request by name, without a person.
const by = systemCaller("test");
const entName = `auto-${uid()}`;

beforeAll(async () => {
  await ensureStarterPolicies();
  const text = `@id("self-service-read")\n@reason("read-only self-service access")\n@autoApprove("true")\npermit (principal is Human, action == Action::"request", resource is Entitlement)\nwhen { resource.name == "${entName}" };\n`;
  const set = await createPolicySet(by, { name: `Auto approve ${uid()}`, text });
  // It only matches its own entitlement name, so it may stay active for the other test files.
  await activateVersion(by, { versionId: set.versionId });
});

describe("auto-approval by a named policy", () => {
  it("grants at once, names the policy on the request, and records no human approval", async () => {
    const dev = await makeHuman();
    const user = await signedIn(["SERVICE_OWNER"], dev.id);
    const ent = await makeEntitlement({ name: entName });
    const out = await submitRequest(user, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "read the self-service docs",
    });
    expect(out.status).toBe("FULFILLED");
    expect(out.autoApprovedBy).toMatch(/self-service-read$/);
    const r = await db.accessRequest.findUniqueOrThrow({
      where: { id: out.id },
      include: { grants: true, approvals: true },
    });
    expect(r.autoApprovedBy).toBe(out.autoApprovedBy);
    expect(r.approvals).toHaveLength(0);
    expect(r.grants[0]).toMatchObject({ status: "ACTIVE", decisionSeq: r.decisionSeq });
  });
});
