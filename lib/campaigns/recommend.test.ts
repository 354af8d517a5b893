import { describe, expect, it } from "vitest";
import { recommend, type Signals } from "./recommend";

const base: Signals = {
  kind: "HUMAN",
  privileged: false,
  daysSinceUse: 3,
  grantedDaysAgo: 100,
  grantSource: "REQUEST",
  approvedBy: "Ana",
  peerShare: 0.6,
  riskScore: 20,
};

describe("recommend", () => {
  it("certifies access used recently and shared by the team", () => {
    const r = recommend(base);
    expect(r.recommend).toBe("CERTIFY");
    expect(r.score).toBe(5);
    expect(r.reasons.map((x) => x.signal)).toEqual(["last-use", "peers", "granted"]);
  });

  it("revokes privileged access never used and held by nobody else in the team", () => {
    const r = recommend({
      ...base,
      privileged: true,
      daysSinceUse: null,
      peerShare: 0,
      grantSource: "IMPORT",
      approvedBy: null,
    });
    expect(r).toMatchObject({ recommend: "REVOKE", score: 100 });
    expect(r.reasons.find((x) => x.signal === "last-use")?.text).toMatch(/Never used/);
  });

  it("is deterministic", () => {
    const s: Signals = {
      ...base,
      kind: "AGENT",
      toolCalls: 40,
      denyRate: 0.5,
      accountableActive: false,
      daysSinceUse: 120,
    };
    expect(recommend(s)).toEqual(recommend(s));
    expect(recommend(s).recommend).toBe("REVOKE");
  });

  it("flags NHI credentials older than the rotation policy", () => {
    const r = recommend({
      ...base,
      kind: "NHI",
      credentialAgeDays: 400,
      maxCredentialAgeDays: 90,
      accountableActive: true,
      peerShare: null,
    });
    expect(r.reasons.some((x) => x.signal === "credential-age" && /400 days/.test(x.text))).toBe(true);
  });

  it("treats an agent with no tool calls as unused", () => {
    expect(
      recommend({ ...base, kind: "AGENT", toolCalls: 0, daysSinceUse: null, peerShare: null }).recommend,
    ).toBe("REVOKE");
  });
});
