import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { equalityTerms, parseFilter, parsePatchPath } from "./filter";

const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof ScimError ? `${e.status} ${e.scimType}` : "other";
  }
  return "ok";
};

describe("SCIM filter parser", () => {
  it("parses comparisons with any operator case, literals and URN paths", () => {
    expect(parseFilter('userName Eq "bjensen@example.com"')).toEqual({
      kind: "cmp",
      path: "userName",
      op: "eq",
      value: "bjensen@example.com",
    });
    expect(parseFilter("active eq True")).toEqual({ kind: "cmp", path: "active", op: "eq", value: true });
    expect(parseFilter('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({
      op: "gt",
      path: "meta.lastModified",
    });
    expect(parseFilter("title pr")).toEqual({ kind: "pr", path: "title" });
    expect(
      parseFilter('urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "42"'),
    ).toMatchObject({ path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber" });
    expect(parseFilter('displayName eq "say \\"hi\\""')).toMatchObject({ value: 'say "hi"' });
  });

  it("gives not > and > or precedence and honours parentheses", () => {
    const f = parseFilter('a eq "1" or b eq "2" and not (c eq "3")');
    expect(f).toMatchObject({
      kind: "or",
      left: { path: "a" },
      right: { kind: "and", left: { path: "b" }, right: { kind: "not", expr: { path: "c" } } },
    });
    expect(parseFilter('(a eq "1" or b eq "2") and c pr')).toMatchObject({
      kind: "and",
      left: { kind: "or" },
      right: { kind: "pr" },
    });
  });

  it("parses value paths", () => {
    expect(parseFilter('emails[type eq "work" and value co "@example.com"]')).toMatchObject({
      kind: "valuePath",
      path: "emails",
      filter: { kind: "and" },
    });
  });

  it("refuses malformed filters with invalidFilter", () => {
    for (const bad of [
      "userName eq",
      'userName eq "x',
      'userName foo "x"',
      '(userName eq "x"',
      'userName eq "x")',
      "",
      'userName eq "a" and',
      "userName eq bare",
      '"x" eq userName',
      'a eq "\\u0000"',
      'a eq "\\ud800"',
    ]) {
      expect(
        code(() => parseFilter(bad)),
        bad,
      ).toBe("400 invalidFilter");
    }
    expect(code(() => parseFilter(Array.from({ length: 120 }, (_, i) => `a${i} pr`).join(" or ")))).toBe(
      "400 invalidFilter",
    );
  });
});

describe("SCIM PATCH path parser", () => {
  it("splits attribute, filter and sub-attribute", () => {
    expect(parsePatchPath('emails[type eq "work"].value')).toMatchObject({
      path: "emails",
      sub: "value",
      filter: { kind: "cmp", path: "type", value: "work" },
    });
    expect(parsePatchPath('members[value eq "2819c223-7f76-453a-919d-413861904646"]')).toMatchObject({
      path: "members",
      sub: undefined,
    });
    expect(parsePatchPath("name.familyName")).toEqual({ path: "name.familyName" });
    expect(code(() => parsePatchPath('emails[type eq "work"].'))).toBe("400 invalidPath");
    expect(code(() => parsePatchPath("emails[type eq]"))).toBe("400 invalidPath");
    expect(code(() => parsePatchPath("a b"))).toBe("400 invalidPath");
  });

  it("finds equality terms to create a missing element", () => {
    expect(equalityTerms(parseFilter('type eq "work" and primary eq true'))).toEqual([
      { path: "type", value: "work" },
      { path: "primary", value: true },
    ]);
    expect(equalityTerms(parseFilter('type eq "work" or type eq "home"'))).toBeNull();
  });
});
