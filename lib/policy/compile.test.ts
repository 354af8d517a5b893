import { describe, expect, it } from "vitest";
import { compilePolicySet, formatPolicyText, splitPolicies, validatePolicyText } from "./compile";
import { evaluate, reasonOf, requiresApproval } from "./pdp";
import { STARTER_POLICY_TEXT } from "./starter-text";

describe("policy text", () => {
  it("the starter set validates against the schema", () => {
    expect(validatePolicyText(STARTER_POLICY_TEXT)).toEqual([]);
  });

  it("reports schema errors with a line number", () => {
    const issues = validatePolicyText(
      `// comment\npermit (principal is Human, action == Action::"readData", resource)\nwhen { principal.shoeSize > 3 };`,
    );
    expect(issues[0].message).toMatch(/shoeSize/);
    expect(issues[0].line).toBe(3);
  });

  it("reports parse errors and refuses an empty set", () => {
    expect(validatePolicyText("permit (principal,")[0].message).toMatch(/parse/);
    expect(validatePolicyText("  ")[0].message).toMatch(/at least one policy/);
  });

  it("names policies by @id within their set and reads @reason / @requiresApproval", () => {
    const { policies, meta } = splitPolicies(
      "My Set",
      `@id("a") @reason("because") permit (principal, action, resource);\n@requiresApproval("true") permit (principal, action, resource);`,
    );
    expect(Object.keys(policies)).toEqual(["my-set/a", "my-set/policy1"]);
    expect(meta["my-set/a"]).toMatchObject({ effect: "permit", reason: "because", requiresApproval: false });
    expect(meta["my-set/policy1"].requiresApproval).toBe(true);
  });

  it("formats Cedar", () => {
    const r = formatPolicyText(`permit(principal,action,resource);`);
    expect(r).toEqual({ ok: true, text: "permit (principal, action, resource);\n" });
  });
});

describe("PDP", () => {
  const set = compilePolicySet([
    {
      setName: "t",
      versionId: "v",
      version: 1,
      hash: "h1",
      text: `@id("p") @reason("ok") @requiresApproval("true") permit (principal is Human, action == Action::"approve", resource);\n@id("f") @reason("no bob") forbid (principal, action, resource) when { principal.email == "bob@x" };`,
    },
  ]);
  const human = (email: string) => ({ uid: { type: "Human", id: "h" }, attrs: { email }, parents: [] });
  const req = (email: string) => ({
    principal: { type: "Human", id: "h" },
    action: "approve",
    resource: { type: "Resource", id: "r" },
    context: {},
    entities: [human(email)],
  });

  it("returns the decision, determining policies and version hash", () => {
    const a = evaluate(set, req("ann@x"));
    expect(a).toMatchObject({ decision: "allow", policies: ["t/p"], versionHash: "h1" });
    expect(reasonOf(set, a)).toBe("ok");
    expect(requiresApproval(set, a)).toBe(true);
    const d = evaluate(set, req("bob@x"));
    expect(d).toMatchObject({ decision: "deny", policies: ["t/f"] });
    expect(reasonOf(set, d)).toBe("no bob");
  });

  it("a combined set's hash changes with any member version", () => {
    const one = compilePolicySet([
      { setName: "a", versionId: "1", version: 1, hash: "x", text: "permit (principal, action, resource);" },
      { setName: "b", versionId: "2", version: 1, hash: "y", text: "permit (principal, action, resource);" },
    ]);
    const two = compilePolicySet([
      { setName: "a", versionId: "1", version: 1, hash: "x", text: "permit (principal, action, resource);" },
      { setName: "b", versionId: "3", version: 2, hash: "z", text: "permit (principal, action, resource);" },
    ]);
    expect(one.hash).not.toBe(two.hash);
  });
});
