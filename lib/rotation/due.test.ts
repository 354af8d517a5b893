import { describe, expect, it } from "vitest";
import { bucketOf, dueDate, maxAgeFor, DEFAULT_MAX_AGE_DAYS, type RotationRule } from "./due";

const rules: RotationRule[] = [
  { nhiType: null, platform: null, maxAgeDays: 180 },
  { nhiType: "API_KEY", platform: null, maxAgeDays: 90 },
  { nhiType: null, platform: "github", maxAgeDays: 60 },
  { nhiType: "API_KEY", platform: "AWS", maxAgeDays: 30 },
];

describe("rotation due dates", () => {
  it("picks the most specific policy, the NHI's own period first", () => {
    expect(maxAgeFor(rules, { nhiType: "API_KEY", platform: "aws" })).toBe(30);
    expect(maxAgeFor(rules, { nhiType: "API_KEY", platform: "GCP" })).toBe(90);
    expect(maxAgeFor(rules, { nhiType: "BOT", platform: "GitHub" })).toBe(60);
    expect(maxAgeFor(rules, { nhiType: "BOT", platform: "Okta" })).toBe(180);
    expect(maxAgeFor(rules, { nhiType: "API_KEY", platform: "aws", rotationPeriodDays: 7 })).toBe(7);
    expect(maxAgeFor([], { nhiType: "BOT", platform: "x" })).toBe(DEFAULT_MAX_AGE_DAYS);
  });

  it("buckets overdue, due in 7 and 30 days", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    const rotated = new Date("2026-10-01T12:00:00Z");
    expect(dueDate(rotated, 30).toISOString()).toBe("2026-10-31T12:00:00.000Z");
    expect(bucketOf(dueDate(rotated, 30), now)).toBe("OVERDUE");
    expect(bucketOf(new Date("2026-12-03T00:00:00Z"), now)).toBe("DUE_7");
    expect(bucketOf(new Date("2026-12-20T00:00:00Z"), now)).toBe("DUE_30");
    expect(bucketOf(new Date("2027-03-01T00:00:00Z"), now)).toBe("OK");
    expect(bucketOf(now, now)).toBe("OVERDUE");
    expect(bucketOf(null, now)).toBe("OK");
  });
});
