import { describe, expect, it } from "vitest";
import { formatMinutes, maxDurationMinutes, presetsFor } from "./limits";

describe("request duration limits", () => {
  it("privileged entitlements are capped at the policy's 8 hours even when the entitlement allows more", () => {
    expect(maxDurationMinutes({ privileged: true, maxDurationMinutes: 7 * 24 * 60 })).toBe(480);
    expect(maxDurationMinutes({ privileged: true, maxDurationMinutes: null })).toBe(480);
  });
  it("an entitlement's own lower maximum wins", () => {
    expect(maxDurationMinutes({ privileged: false, maxDurationMinutes: 120 })).toBe(120);
    expect(presetsFor({ privileged: false, maxDurationMinutes: 120 }).map((p) => p.minutes)).toEqual([
      60, 120,
    ]);
  });
  it("formats durations for people", () => {
    expect(formatMinutes(120)).toBe("2 hours");
    expect(formatMinutes(1440)).toBe("1 day");
    expect(formatMinutes(90)).toBe("90 minutes");
  });
});
