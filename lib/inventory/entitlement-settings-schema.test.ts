import { describe, expect, it } from "vitest";
import { entitlementSettingsSchema, settingsDiff } from "./entitlement-settings-schema";

const id = "00000000-0000-4000-8000-000000000000";

describe("entitlement settings schema", () => {
  it("reads a form post: ticked boxes are on, absent ones off, empty duration is the policy default", () => {
    expect(
      entitlementSettingsSchema.parse({ entitlementId: id, privileged: "on", maxDurationMinutes: "" }),
    ).toEqual({ entitlementId: id, privileged: true, securitySignOff: false, maxDurationMinutes: null });
    expect(
      entitlementSettingsSchema.parse({
        entitlementId: id,
        securitySignOff: true,
        maxDurationMinutes: "120",
      }),
    ).toEqual({ entitlementId: id, privileged: false, securitySignOff: true, maxDurationMinutes: 120 });
  });

  it("bounds the duration to 15 minutes .. 90 days, whole minutes only", () => {
    for (const ok of [15, "15", 129_600])
      expect(entitlementSettingsSchema.safeParse({ entitlementId: id, maxDurationMinutes: ok }).success).toBe(
        true,
      );
    for (const bad of [14, -1, 129_601, 60.5, "0x10", "1e3", "abc", true, undefined])
      expect(
        entitlementSettingsSchema.safeParse({ entitlementId: id, maxDurationMinutes: bad }).success,
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
