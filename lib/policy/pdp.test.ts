import { describe, expect, it } from "vitest";
import { compilePolicySet } from "./compile";
import { evaluate, evaluateUncached } from "./pdp";

describe("PDP memo", () => {
  const permitAnn = compilePolicySet([
    {
      setName: "m",
      versionId: "1",
      version: 1,
      hash: "memo-1",
      text: `@id("p") permit (principal, action, resource) when { principal.email == "ann@x" };`,
    },
  ]);
  const permitBob = compilePolicySet([
    {
      setName: "m",
      versionId: "2",
      version: 2,
      hash: "memo-2",
      text: `@id("p") permit (principal, action, resource) when { principal.email == "bob@x" };`,
    },
  ]);
  const req = (email: string, unread = 0) => ({
    principal: { type: "Human", id: "h" },
    action: "readData",
    resource: { type: "Resource", id: "r" },
    context: { unread },
    entities: [{ uid: { type: "Human", id: "h" }, attrs: { email, unread }, parents: [] }],
  });

  it("answers like Cedar, per request and per policy version", () => {
    for (const email of ["ann@x", "bob@x", "ann@x"]) {
      for (const set of [permitAnn, permitBob, permitAnn]) {
        expect(evaluate(set, req(email))).toEqual(evaluateUncached(set, req(email)));
      }
    }
    expect(evaluate(permitAnn, req("ann@x")).decision).toBe("allow");
    expect(evaluate(permitBob, req("ann@x")).decision).toBe("deny");
  });

  it("hands out copies, so a caller cannot change a remembered answer", () => {
    const first = evaluate(permitAnn, req("ann@x"));
    first.policies.push("forged");
    expect(evaluate(permitAnn, req("ann@x")).policies).toEqual(["m/p"]);
  });

  it("ignores attributes no policy reads", () => {
    expect(evaluate(permitAnn, req("ann@x", 1))).toEqual(evaluate(permitAnn, req("ann@x", 2)));
  });
});
