import { describe, expect, it } from "vitest";
import { GROUP_RESOURCE, USER_RESOURCE } from "./attributes";
import type { Doc } from "./document";
import { ScimError } from "./errors";
import { applyPatch, documentFromBody } from "./patch";

const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const base = (): Doc => ({
  userName: "ana@corp.example",
  name: { givenName: "Ana", familyName: "Ruiz" },
  active: true,
  emails: [
    { value: "ana@corp.example", type: "work", primary: true },
    { value: "ana@home.example", type: "home" },
  ],
});
const patch = (ops: unknown[], doc = base()) =>
  applyPatch(USER_RESOURCE, doc, {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: ops,
  });
const fails = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ScimError) return `${e.status} ${e.scimType ?? ""}`.trim();
    throw e;
  }
  return "ok";
};

describe("SCIM PATCH on users", () => {
  it("takes value-filter paths as keys of a no-path value object (Entra)", () => {
    const doc = patch([
      {
        op: "Add",
        value: {
          'emails[type eq "work"].value': "ana.r@corp.example",
          'phoneNumbers[type eq "mobile"].value': "+1 555 0100",
          "name.givenName": "Anna",
        },
      },
    ]);
    expect(doc.emails).toEqual([
      { value: "ana.r@corp.example", type: "work", primary: true },
      { value: "ana@home.example", type: "home" },
    ]);
    expect(doc.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555 0100" }]);
    expect(doc.name).toEqual({ givenName: "Anna", familyName: "Ruiz" });
    expect(fails(() => patch([{ op: "add", value: { 'shoes[type eq "x"].size': "44" } }]))).toBe(
      "400 invalidPath",
    );
  });

  it("applies ops in any case, sub-attributes, enterprise URN paths and value filters", () => {
    const doc = patch([
      { op: "Replace", path: "name.familyName", value: "Renamed" },
      { op: "replace", path: 'emails[type eq "work"].value', value: "ana.r@corp.example" },
      { op: "Add", path: `${ENT}:employeeNumber`, value: "E-7" },
      { op: "add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" },
      { op: "REMOVE", path: 'emails[type eq "home"]' },
    ]);
    expect(doc.name).toEqual({ givenName: "Ana", familyName: "Renamed" });
    expect(doc.emails).toEqual([{ value: "ana.r@corp.example", type: "work", primary: true }]);
    expect(doc[`${ENT}:employeeNumber`]).toBe("E-7");
    expect(doc.phoneNumbers).toEqual([{ type: "mobile", value: "+1 555 0100" }]);
  });

  it("takes no-path value objects with dotted keys, extension objects and Entra's string booleans", () => {
    const doc = patch([
      {
        op: "Replace",
        value: {
          active: "False",
          "name.givenName": "Anna",
          title: "Lead",
          [ENT]: { department: "Platform", manager: { value: "m-1" } },
        },
      },
    ]);
    expect(doc.active).toBe(false);
    expect(doc.name).toMatchObject({ givenName: "Anna" });
    expect(doc.title).toBe("Lead");
    expect(doc[`${ENT}:department`]).toBe("Platform");
    expect(doc[`${ENT}:manager`]).toEqual({ value: "m-1" });
  });

  it("keeps one primary value", () => {
    const doc = patch([
      { op: "add", path: "emails", value: [{ value: "new@corp.example", type: "other", primary: true }] },
    ]);
    expect((doc.emails as { primary?: boolean }[]).filter((e) => e.primary === true)).toHaveLength(1);
    expect((doc.emails as { value: string; primary?: boolean }[]).find((e) => e.primary)?.value).toBe(
      "new@corp.example",
    );
  });

  it("does not change the input document (atomic: the caller saves only a full success)", () => {
    const doc = base();
    expect(
      fails(() =>
        patch(
          [
            { op: "replace", path: "title", value: "x" },
            { op: "replace", path: "nope", value: 1 },
          ],
          doc,
        ),
      ),
    ).toBe("400 invalidPath");
    expect(doc).toEqual(base());
  });

  it("answers bad paths and values with the right scimType", () => {
    expect(fails(() => patch([{ op: "add", path: "__proto__.ticket", value: "x" }]))).toBe("400 invalidPath");
    expect(fails(() => patch([{ op: "add", path: "constructor.prototype.x", value: "x" }]))).toBe(
      "400 invalidPath",
    );
    expect(fails(() => patch([{ op: "add", value: { __proto__: { polluted: true } } }]))).toBe("ok");
    expect(fails(() => patch([{ op: "add", value: JSON.parse('{"__proto__": {"polluted": true}}') }]))).toBe(
      "400 invalidPath",
    );
    expect(fails(() => patch([{ op: "add", value: { name: JSON.parse('{"constructor": "x"}') } }]))).toBe(
      "400 invalidPath",
    );
    expect(fails(() => patch([{ op: "replace", path: "favouriteColour", value: "x" }]))).toBe(
      "400 invalidPath",
    );
    expect(fails(() => patch([{ op: "replace", path: "name.nickname", value: "x" }]))).toBe(
      "400 invalidPath",
    );
    expect(fails(() => patch([{ op: "replace", path: "active", value: "maybe" }]))).toBe("400 invalidValue");
    expect(fails(() => patch([{ op: "replace", path: "id", value: "x" }]))).toBe("400 mutability");
    expect(fails(() => patch([{ op: "remove", path: 'emails[type eq "fax"]' }]))).toBe("400 noTarget");
    expect(fails(() => patch([{ op: "remove" }]))).toBe("400 noTarget");
    expect(fails(() => patch([{ op: "move", path: "title" }]))).toBe("400 invalidSyntax");
    expect(fails(() => applyPatch(USER_RESOURCE, base(), {}))).toBe("400 invalidSyntax");
    expect(fails(() => patch([{ op: "replace", path: "title", value: "a\u0000b" }]))).toBe(
      "400 invalidValue",
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("SCIM PATCH on groups", () => {
  const group = (): Doc => ({ displayName: "Platform", members: [{ value: "a" }, { value: "b" }] });
  const g = (ops: unknown[]) => applyPatch(GROUP_RESOURCE, group(), { Operations: ops });

  it("adds, removes by filter, removes a listed value and replaces members", () => {
    expect(g([{ op: "add", path: "members", value: [{ value: "c" }, { value: "a" }] }]).members).toEqual([
      { value: "b" },
      { value: "c" },
      { value: "a" },
    ]);
    expect(g([{ op: "remove", path: 'members[value eq "a"]' }]).members).toEqual([{ value: "b" }]);
    expect(g([{ op: "Remove", path: "members", value: [{ value: "b" }] }]).members).toEqual([{ value: "a" }]);
    expect(g([{ op: "replace", path: "members", value: [{ value: "z" }] }]).members).toEqual([
      { value: "z" },
    ]);
    expect(g([{ op: "remove", path: "members" }]).members).toBeUndefined();
    expect(g([{ op: "replace", value: { id: "ignored", displayName: "Renamed" } }]).displayName).toBe(
      "Renamed",
    );
    expect(fails(() => g([{ op: "remove", path: 'members[value eq "nobody"]' }]))).toBe("400 noTarget");
    expect(fails(() => g([{ op: "add", path: "members", value: [{ display: "no value" }] }]))).toBe(
      "400 invalidValue",
    );
  });
});

describe("POST/PUT bodies", () => {
  it("ignores read-only and write-only attributes and refuses unknown ones", () => {
    const doc = documentFromBody(USER_RESOURCE, {
      schemas: [],
      id: "x",
      meta: {},
      password: "p",
      userName: "a",
      [ENT]: { costCenter: "42" },
    });
    expect(doc).toEqual({ userName: "a", [`${ENT}:costCenter`]: "42" });
    expect(fails(() => documentFromBody(USER_RESOURCE, { userName: "a", shoeSize: 9 }))).toBe(
      "400 invalidPath",
    );
  });
});
