import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/ledger/canonical";
import type { CedarCall } from "@/lib/enforcement/decide";
import { entitiesHashOf } from "./projection";

const subject = {
  uid: { type: "NHI", id: "n-1" },
  attrs: { status: "ACTIVE", riskScore: 40, tags: ["b", "a"], entitlements: ["e-1"], hasOwner: true },
  parents: [{ type: "Team", id: "t-1" }],
};
const call = (context: Record<string, unknown>, entities = [subject]): CedarCall => ({
  request: {
    principal: { type: "NHI", id: "n-1" },
    action: "readData",
    resource: { type: "Entitlement", id: "e-1" },
    context: context as CedarCall["request"]["context"],
    entities: entities as CedarCall["request"]["entities"],
  },
  decision: "allow",
  policies: ["p1"],
});
const reference = (calls: CedarCall[]) =>
  createHash("sha256")
    .update(canonicalJson(calls.map((c) => c.request)))
    .digest("hex");

describe("entitiesHashOf", () => {
  it("equals SHA-256 of the RFC 8785 text of the requests, with entity texts reused", () => {
    const calls = [
      call({ zeta: 1, alpha: { b: [1, "x"], a: null }, entities: [] }),
      call({ "10": "index key", "2": "sorted as text" }, [
        subject,
        { ...subject, uid: { type: "Team", id: "t" } },
      ]),
      call({}),
    ];
    expect(entitiesHashOf(calls)).toBe(reference(calls));
    // Again, now from the cached entity texts.
    expect(entitiesHashOf(calls)).toBe(reference(calls));
    expect(entitiesHashOf([])).toBeNull();
  });
});
