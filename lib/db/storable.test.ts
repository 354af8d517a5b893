import { describe, expect, it } from "vitest";
import { isStorableDate, isStorableText } from "./storable";

describe("storable", () => {
  it("text: no NUL, no unpaired surrogate", () => {
    expect(isStorableText("plain ✓ 😀")).toBe(true);
    expect(isStorableText("a\u0000b")).toBe(false);
    expect(isStorableText("a\ud800b")).toBe(false);
  });
  it("dates: years 1 to 9999 only", () => {
    expect(isStorableDate(new Date("2026-12-01T00:00:00Z"))).toBe(true);
    expect(isStorableDate(new Date("9999-12-31T23:59:59Z"))).toBe(true);
    for (const d of ["-271821-04-20T00:00:00Z", "0000-01-01T00:00:00Z", "+275760-09-12T00:00:00Z", "nope"])
      expect(isStorableDate(new Date(d))).toBe(false);
  });
});

describe("form schemas take only what PostgreSQL can store", () => {
  it("refuses far dates and numbers past an int", async () => {
    const { settingsSchema, decideSchema } = await import("@/lib/campaigns/schemas");
    const { agentFormSchema } = await import("@/lib/agents/schemas");
    const far = "+275760-09-12T00:00:00Z";
    const fails = (r: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }, key: string) =>
      !r.success && r.error!.issues.some((i) => i.path[0] === key);
    expect(fails(settingsSchema.safeParse({ startsAt: far }), "startsAt")).toBe(true);
    expect(fails(settingsSchema.safeParse({ dueAt: "-271821-04-20T00:00:00Z" }), "dueAt")).toBe(true);
    expect(fails(agentFormSchema.safeParse({ expiresAt: far }), "expiresAt")).toBe(true);
    expect(fails(decideSchema.safeParse({ shownAt: 1e21 }), "shownAt")).toBe(true);
    expect(fails(settingsSchema.safeParse({ dueAt: "2026-12-24T00:00:00Z" }), "dueAt")).toBe(false);
  });
});
