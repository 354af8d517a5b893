import { describe, expect, it } from "vitest";
import type { RetirementStep } from "@/lib/generated/prisma/enums";
import { nextStep, refusalFor } from "./steps";

describe("retirement checklist order", () => {
  it("allows only the next step", () => {
    const done = new Set<RetirementStep>(["DISABLE"]);
    expect(nextStep(done)).toBe("REVOKE_CREDENTIALS");
    expect(refusalFor("REVOKE_CREDENTIALS", done)).toBeNull();
    expect(refusalFor("ARCHIVE", done)).toMatch(/Revoke every credential/);
    expect(refusalFor("DISABLE", done)).toMatch(/already done/);
    expect(
      nextStep(new Set(["DISABLE", "REVOKE_CREDENTIALS", "REMOVE_GRANTS", "CONFIRM_TARGET", "ARCHIVE"])),
    ).toBeNull();
  });
});
