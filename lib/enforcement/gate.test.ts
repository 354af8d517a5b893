import { describe, expect, it } from "vitest";
import { liveAt, type HumanRecord } from "./records";
import { humanContext, lastMfaOf } from "./human/context";

const now = new Date("2026-11-30T10:00:00Z");
const h: HumanRecord = {
  kind: "HUMAN",
  id: "h1",
  name: "Ada",
  status: "ACTIVE",
  environment: "PRODUCTION",
  riskScore: 0,
  teamId: null,
  tags: [],
  entitlements: ["e-perm", "e-live", "e-past"],
  entitlementsUntil: { "e-perm": null, "e-live": now.getTime() + 60_000, "e-past": now.getTime() - 1 },
  email: "ada@x.test",
  department: "Eng",
  mfaEnrolled: false,
  mfaVerifiedAt: null,
  employmentStatus: "EMPLOYEE",
  sourceSystem: "test",
};

describe("the expiry gate", () => {
  it("drops entitlements whose grants have all expired on the decision's clock", () => {
    expect(liveAt(h, now).entitlements).toEqual(["e-perm", "e-live"]);
    expect(liveAt(h, new Date(now.getTime() + 120_000)).entitlements).toEqual(["e-perm"]);
  });
  it("leaves records without expiry data alone (inline policy test subjects)", () => {
    const inline = { ...h, entitlementsUntil: undefined };
    expect(liveAt(inline, now)).toBe(inline);
  });
});

describe("the human MFA signal", () => {
  it("uses the latest of the IdP's (when enrolled), the console's and the asking session's MFA", () => {
    const consoleAt = new Date(now.getTime() - 20 * 60_000);
    expect(lastMfaOf({ ...h, consoleMfaAt: consoleAt })).toEqual(consoleAt);
    expect(humanContext({ ...h, consoleMfaAt: consoleAt }, now, undefined)).toMatchObject({
      mfaAgeMinutes: 20,
      mfaFresh: false,
    });
    expect(
      humanContext({ ...h, consoleMfaAt: consoleAt }, now, undefined, new Date(now.getTime() - 2 * 60_000)),
    ).toMatchObject({ mfaAgeMinutes: 2, mfaFresh: true });
    // An IdP time counts only when the person is enrolled there.
    expect(lastMfaOf({ ...h, mfaVerifiedAt: now })).toBeNull();
  });
});
