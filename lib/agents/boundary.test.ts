import { describe, expect, it } from "vitest";
import { boundaryCheck, diff, formatBoundary, parseBoundary } from "./boundary";

describe("tool boundary text", () => {
  it("parses tools, actions per tool and data scopes, and round-trips", () => {
    const r = parseBoundary("jira: read, comment | project:OPS\n# note\nslack\n");
    expect(r).toEqual({
      ok: true,
      entries: [
        { tool: "jira", actions: ["read", "comment"], dataScopes: ["project:OPS"] },
        { tool: "slack", actions: [], dataScopes: [] },
      ],
    });
    if (r.ok) expect(parseBoundary(formatBoundary(r.entries))).toEqual(r);
  });
  it("refuses bad names and duplicates with the line number", () => {
    expect(parseBoundary("ok\nbad tool")).toEqual({ ok: false, error: expect.stringMatching(/Line 2/) });
    expect(parseBoundary("a\na")).toEqual({ ok: false, error: expect.stringMatching(/twice/) });
  });
  it("checks an action against the boundary", () => {
    const r = parseBoundary("jira: read, close!\nslack");
    if (!r.ok) throw new Error(r.error);
    expect(r.entries[0]).toEqual({
      tool: "jira",
      actions: ["read", "close"],
      dataScopes: [],
      approve: ["close"],
    });
    expect(formatBoundary(r.entries)).toBe("jira: read, close!\nslack");
    expect(boundaryCheck(r.entries, "jira", "read")).toEqual({ ok: true, approval: false });
    expect(boundaryCheck(r.entries, "jira", "close")).toEqual({ ok: true, approval: true });
    expect(boundaryCheck(r.entries, "jira", "delete")).toMatchObject({ ok: false });
    expect(boundaryCheck(r.entries, "jira", null)).toMatchObject({ ok: false });
    expect(boundaryCheck(r.entries, "slack", "post")).toEqual({ ok: true, approval: false });
    expect(boundaryCheck(r.entries, "github", "read")).toMatchObject({ ok: false });
  });
  it("diffs only changed fields", () => {
    expect(diff({ a: 1, b: [1] }, { a: 1, b: [2] })).toEqual({ b: { from: [1], to: [2] } });
  });
});
