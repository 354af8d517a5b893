import { describe, expect, it } from "vitest";
import { BAND_RANGES, bandOf, scoreRisk, type RiskInput } from "./score";

const now = new Date("2026-11-29T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const nhi = (over: Partial<NonNullable<RiskInput["nhi"]>> = {}): RiskInput => ({
  kind: "NHI",
  status: "ACTIVE",
  nhi: {
    ownerId: "o",
    claimStatus: "OWNED",
    rotationPeriodDays: 90,
    lastRotatedAt: daysAgo(10),
    expiresAt: null,
    lastUsedAt: daysAgo(1),
    vendor: null,
    oauthScopes: [],
    ...over,
  },
});

describe("scoreRisk", () => {
  it("scores a well-kept NHI low with no reasons", () => {
    expect(scoreRisk(nhi(), now)).toEqual({ score: 0, band: "LOW", reasons: [] });
  });

  it("adds up privileged grant + no owner + overdue key", () => {
    const risk = scoreRisk(
      {
        ...nhi({ ownerId: null, claimStatus: "UNCLAIMED", lastRotatedAt: daysAgo(200) }),
        privilegedGrants: 1,
      },
      now,
    );
    expect(risk.reasons.map((r) => r.code).sort()).toEqual([
      "no_owner",
      "privileged_grant",
      "rotation_overdue",
    ]);
    expect(risk.score).toBe(60);
    expect(risk.band).toBe("HIGH");
    expect(risk.reasons.find((r) => r.code === "rotation_overdue")?.label).toContain("200 days");
  });

  it("flags expired, unused and vendor with broad scopes", () => {
    const risk = scoreRisk(
      nhi({
        expiresAt: daysAgo(1),
        lastUsedAt: daysAgo(120),
        vendor: "Acme",
        oauthScopes: ["repo", "read:org"],
      }),
      now,
    );
    expect(risk.reasons.map((r) => r.code).sort()).toEqual(["expired", "unused", "vendor_broad_scopes"]);
  });

  it("does not flag a vendor with narrow scopes", () => {
    expect(scoreRisk(nhi({ vendor: "Acme", oauthScopes: ["read:user"] }), now).reasons).toEqual([]);
  });

  it("caps at 100 and bands CRITICAL", () => {
    const risk = scoreRisk(
      {
        ...nhi({
          ownerId: null,
          claimStatus: "ORPHANED",
          lastRotatedAt: daysAgo(400),
          expiresAt: daysAgo(3),
          lastUsedAt: daysAgo(200),
          vendor: "X",
          oauthScopes: ["*"],
        }),
        privilegedGrants: 4,
        flaggedAt: now,
      },
      now,
    );
    expect(risk.score).toBe(100);
    expect(risk.band).toBe("CRITICAL");
    expect(risk.reasons[0].points).toBeGreaterThanOrEqual(risk.reasons.at(-1)!.points);
  });

  it("scores agents on sponsor and autonomy with privileged tools", () => {
    const base: RiskInput = {
      kind: "AGENT",
      status: "ACTIVE",
      agent: { sponsorId: null, autonomyLevel: "BOUNDED_AUTONOMY", toolAllowList: ["search", "deploy_prod"] },
    };
    expect(
      scoreRisk(base, now)
        .reasons.map((r) => r.code)
        .sort(),
    ).toEqual(["autonomous_privileged", "no_sponsor"]);
    const safe: RiskInput = {
      kind: "AGENT",
      status: "ACTIVE",
      agent: { sponsorId: "s", autonomyLevel: "SUGGEST_ONLY", toolAllowList: ["deploy_prod"] },
    };
    expect(scoreRisk(safe, now).score).toBe(0);
  });

  it("scores humans on MFA and terminated-but-active", () => {
    const r = scoreRisk(
      { kind: "HUMAN", status: "ACTIVE", human: { mfaEnrolled: false, employmentStatus: "TERMINATED" } },
      now,
    );
    expect(r.reasons.map((x) => x.code).sort()).toEqual(["no_mfa", "terminated_active"]);
  });

  it("gives a retired actor no risk", () => {
    expect(scoreRisk({ ...nhi({ ownerId: null }), status: "RETIRED" }, now).score).toBe(0);
  });

  it("bands cover 0..100 without gaps", () => {
    for (let s = 0; s <= 100; s++) {
      const [min, max] = BAND_RANGES[bandOf(s)];
      expect(s >= min && s <= max).toBe(true);
    }
  });
});
