import { describe, expect, it } from "vitest";
import { entitlementSettingsSchema, settingsDiff } from "./entitlement-settings-schema";

const id = "00000000-0000-4000-8000-000000000000";
// What the form showed when it was opened (posted back with every save).
const shown = { shownPrivileged: "false", shownMaxDurationMinutes: "", shownSecuritySignOff: "false" };
const none = { privileged: false, maxDurationMinutes: null, securitySignOff: false };

describe("entitlement settings schema", () => {
  it("reads a form post: ticked boxes are on, absent ones off, empty duration is the policy default", () => {
    expect(
      entitlementSettingsSchema.parse({
        entitlementId: id,
        privileged: "on",
        maxDurationMinutes: "",
        ...shown,
      }),
    ).toEqual({
      entitlementId: id,
      settings: { privileged: true, securitySignOff: false, maxDurationMinutes: null },
      shown: none,
    });
    expect(
      entitlementSettingsSchema.parse({
        entitlementId: id,
        securitySignOff: true,
        maxDurationMinutes: "120",
        ...shown,
        shownMaxDurationMinutes: 60,
      }),
    ).toEqual({
      entitlementId: id,
      settings: { privileged: false, securitySignOff: true, maxDurationMinutes: 120 },
      shown: { ...none, maxDurationMinutes: 60 },
    });
  });

  it("refuses a post that does not say what the form showed (it could overwrite another save)", () => {
    const r = entitlementSettingsSchema.safeParse({ entitlementId: id, maxDurationMinutes: "" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toContain(
      "This form is out of date: reload the page and try again.",
    );
  });

  it("bounds the duration to 15 minutes .. 90 days, whole minutes only", () => {
    for (const ok of [15, "15", 129_600])
      expect(
        entitlementSettingsSchema.safeParse({ entitlementId: id, maxDurationMinutes: ok, ...shown }).success,
      ).toBe(true);
    for (const bad of [14, -1, 129_601, 60.5, "0x10", "1e3", "abc", true, undefined])
      expect(
        entitlementSettingsSchema.safeParse({ entitlementId: id, maxDurationMinutes: bad, ...shown }).success,
        String(bad),
      ).toBe(false);
  });

  it("diffs only the changed settings", () => {
    const before = { privileged: false, maxDurationMinutes: 60, securitySignOff: false };
    expect(settingsDiff(before, { ...before, maxDurationMinutes: null })).toEqual({
      changed: ["maxDurationMinutes"],
      before: { maxDurationMinutes: 60 },
      after: { maxDurationMinutes: null },
    });
    expect(settingsDiff(before, before).changed).toEqual([]);
  });
});
