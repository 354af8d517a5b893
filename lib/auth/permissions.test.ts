import { describe, expect, it } from "vitest";
import { PERMISSIONS, ROLE_PERMISSIONS, can, permissionsOf, requiresMfa } from "./permissions";

describe("role → permission table", () => {
  it("gives the admin every permission", () => {
    expect([...permissionsOf(["ADMIN"])].sort()).toEqual([...PERMISSIONS].sort());
  });

  it("keeps the auditor read-only", () => {
    const auditor = permissionsOf(["AUDITOR"]);
    // Besides reading, only their own account (password change).
    for (const p of auditor) if (p !== "account:manage") expect(p).toMatch(/:(view|read|verify|export)$/);
    expect(can(["AUDITOR"], "policy:write")).toBe(false);
  });

  it("refuses unknown roles and unknown permissions", () => {
    expect(can(["ROOT"], "dashboard:view")).toBe(false);
    expect(can(["ADMIN"], "launch:missiles")).toBe(false);
    expect(can([], "dashboard:view")).toBe(false);
  });

  it("unions permissions of several roles", () => {
    expect(can(["MANAGER", "AUDITOR"], "audit:read")).toBe(true);
    expect(can(["MANAGER", "AUDITOR"], "requests:approve")).toBe(true);
  });

  it("requires MFA for roles that approve, certify or change policy", () => {
    expect(requiresMfa(["ADMIN"])).toBe(true);
    expect(requiresMfa(["MANAGER"])).toBe(true);
    expect(requiresMfa(["SERVICE_OWNER"])).toBe(true);
    expect(requiresMfa(["AGENT_SPONSOR"])).toBe(true);
    expect(requiresMfa(["AUDITOR"])).toBe(false);
  });

  it("lists only known permissions for every role", () => {
    for (const perms of Object.values(ROLE_PERMISSIONS))
      for (const p of perms) expect(PERMISSIONS).toContain(p);
  });
});
