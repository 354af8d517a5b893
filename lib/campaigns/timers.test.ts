import { describe, expect, it } from "vitest";
import { nextRun } from "./timers";
import { defaultsFor } from "./schemas";

describe("recurrence", () => {
  it("starts the next quarterly run three months later with the same length", () => {
    const s = { ...defaultsFor("MANAGER_ACCESS", new Date("2026-01-15T00:00:00Z")), fallbackReviewerId: "x" };
    expect(nextRun(s)).toEqual({
      startsAt: new Date("2026-04-15T00:00:00Z"),
      dueAt: new Date("2026-04-29T00:00:00Z"),
    });
    expect(nextRun({ ...s, recurrence: "NONE" })).toBeNull();
  });
});
