import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { memberDelta } from "./member-ops";

const A = "6f1c2d3e-0000-4000-8000-00000000000a";
const B = "6f1c2d3e-0000-4000-8000-00000000000b";
const ops = (...Operations: unknown[]) => ({
  schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
  Operations,
});

describe("member-only group PATCHes as a set difference", () => {
  it("reads Entra's and Okta's add and remove shapes, in order", () => {
    expect(
      memberDelta(ops({ op: "Add", path: "members", value: [{ value: A }, { value: B, display: "B" }] })),
    ).toEqual({
      add: [A, B],
      remove: [],
      mustBeMembers: [],
    });
    expect(memberDelta(ops({ op: "remove", path: `members[value eq "${A}"]` }))).toEqual({
      add: [],
      remove: [A],
      mustBeMembers: [A],
    });
    expect(memberDelta(ops({ op: "Remove", path: "members", value: [{ value: B.toUpperCase() }] }))).toEqual({
      add: [],
      remove: [B],
      mustBeMembers: [B],
    });
    // Added, then removed in the same request: gone, and need not have been a member before.
    expect(
      memberDelta(
        ops(
          { op: "add", path: "members", value: [{ value: A }] },
          { op: "remove", path: `members[value eq "${A}"]` },
        ),
      ),
    ).toEqual({ add: [], remove: [A], mustBeMembers: [] });
    // Removed, then added back: a member, and must have been one for the remove.
    expect(
      memberDelta(
        ops(
          { op: "remove", path: `members[value eq "${A}"]` },
          { op: "add", path: "members", value: [{ value: A }] },
        ),
      ),
    ).toEqual({ add: [A], remove: [], mustBeMembers: [A] });
  });

  it("leaves every other shape to the generic path, and refuses removing twice", () => {
    for (const other of [
      ops({ op: "replace", path: "members", value: [{ value: A }] }),
      ops({ op: "replace", path: "displayName", value: "x" }),
      ops({ op: "add", value: { members: [{ value: A }] } }),
      ops({ op: "remove", path: "members" }),
      ops({ op: "add", path: "members", value: [{ value: "not-a-uuid" }] }),
      ops({ op: "add", path: "members", value: [{ value: A, shoe: 1 }] }),
      ops({ op: "remove", path: `members[display eq "x"]` }),
      { Operations: [] },
      null,
    ])
      expect(memberDelta(other)).toBeNull();
    expect(() =>
      memberDelta(
        ops(
          { op: "remove", path: `members[value eq "${A}"]` },
          { op: "remove", path: `members[value eq "${A}"]` },
        ),
      ),
    ).toThrow(ScimError);
  });
});
