import { describe, expect, it } from "vitest";
import { humanContext } from "./human/context";
import { nhiContext } from "./nhi/context";
import { agentContext, autonomyNeedsApproval, checkOnBehalfOf, intersect } from "./agent/context";
import type { AgentRecord, HumanRecord, NhiRecord } from "./records";

const now = new Date("2026-11-29T12:00:00Z");
const base = {
  status: "ACTIVE",
  environment: "PRODUCTION",
  riskScore: 10,
  teamId: "team-1",
  tags: [],
  entitlements: [],
};
const human: HumanRecord = {
  ...base,
  kind: "HUMAN",
  id: "h1",
  name: "Ada",
  email: "ada@x.test",
  department: "Eng",
  mfaEnrolled: true,
  mfaVerifiedAt: new Date(now.getTime() - 5 * 60_000),
  employmentStatus: "EMPLOYEE",
  sourceSystem: "test",
};
const nhi: NhiRecord = {
  ...base,
  kind: "NHI",
  id: "n1",
  name: "ci-bot",
  nhiType: "CICD_TOKEN",
  platform: "GitHub",
  ownerId: "h1",
  claimStatus: "OWNED",
  expiresAt: null,
  rotationDueAt: new Date("2026-12-01T00:00:00Z"),
  lastRotatedAt: new Date("2026-11-19T12:00:00Z"),
  credentialExpiresAt: null,
  credentialIssuedAt: null,
};
const agent: AgentRecord = {
  ...base,
  kind: "AGENT",
  id: "a1",
  name: "helper",
  sponsorId: "h1",
  autonomy: "BOUNDED_AUTONOMY",
  onBehalfOfScope: "SPONSOR",
  tools: ["search_docs"],
};

describe("human path context", () => {
  it("computes MFA age and freshness", () => {
    expect(humanContext(human, now, undefined)).toMatchObject({
      path: "human",
      mfaAgeMinutes: 5,
      mfaFresh: true,
      risk: 10,
      hour: 12,
    });
    expect(
      humanContext({ ...human, mfaVerifiedAt: new Date(now.getTime() - 60 * 60_000) }, now, undefined),
    ).toMatchObject({ mfaAgeMinutes: 60, mfaFresh: false });
    expect(humanContext({ ...human, mfaEnrolled: false }, now, undefined)).toMatchObject({
      mfaAgeMinutes: -1,
      mfaFresh: false,
    });
  });
  it("takes only task and environment from the caller, never security facts", () => {
    const ctx = humanContext({ ...human, mfaVerifiedAt: null }, now, {
      task: "report",
      environment: "STAGING",
      mfaFresh: true,
      ownerPresent: true,
    });
    expect(ctx).toMatchObject({
      task: "report",
      environment: "STAGING",
      mfaFresh: false,
      ownerPresent: false,
    });
  });
});

describe("NHI path context", () => {
  it("owned, valid, on time", () => {
    expect(nhiContext(nhi, now, undefined)).toMatchObject({
      path: "nhi",
      ownerPresent: true,
      credentialExpired: false,
      rotationOverdue: false,
      credentialAgeDays: 10,
    });
  });
  it("orphaned, expired, overdue", () => {
    const ctx = nhiContext(
      {
        ...nhi,
        ownerId: null,
        claimStatus: "ORPHANED",
        credentialExpiresAt: new Date("2026-11-01T00:00:00Z"),
        rotationDueAt: new Date("2026-11-28T00:00:00Z"),
      },
      now,
      undefined,
    );
    expect(ctx).toMatchObject({ ownerPresent: false, credentialExpired: true, rotationOverdue: true });
  });
});

describe("agent path context", () => {
  it("marks tools inside the boundary and records the on-behalf-of chain", () => {
    const inside = agentContext(
      agent,
      { type: "Tool", id: "search_docs", name: "search_docs", sensitivity: "INTERNAL", entitlementIds: [] },
      now,
      undefined,
      true,
      human,
    );
    expect(inside).toMatchObject({
      path: "agent",
      toolInBoundary: true,
      sessionLive: true,
      onBehalfOfKind: "HUMAN",
      onBehalfOfId: "h1",
    });
    const outside = agentContext(
      agent,
      { type: "Tool", id: "deploy", name: "deploy", sensitivity: "INTERNAL", entitlementIds: [] },
      now,
      undefined,
      false,
      null,
    );
    expect(outside).toMatchObject({ toolInBoundary: false, onBehalfOfKind: "" });
  });
  it("checks the on-behalf-of scope", () => {
    expect(checkOnBehalfOf(agent, human)).toEqual({ ok: true });
    expect(checkOnBehalfOf(agent, { ...human, id: "h2" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/sponsor/),
    });
    expect(checkOnBehalfOf({ ...agent, onBehalfOfScope: "TEAM" }, { ...human, id: "h2" })).toEqual({
      ok: true,
    });
    expect(checkOnBehalfOf({ ...agent, onBehalfOfScope: "NONE" }, human)).toMatchObject({ ok: false });
    expect(checkOnBehalfOf(agent, { ...agent, id: "a2" })).toMatchObject({ ok: false });
    expect(checkOnBehalfOf(agent, nhi)).toEqual({ ok: true });
  });
  it("approval by autonomy level", () => {
    expect(autonomyNeedsApproval({ ...agent, autonomy: "SUGGEST_ONLY" }, "readData")).toBe(true);
    expect(autonomyNeedsApproval({ ...agent, autonomy: "ACT_WITH_APPROVAL" }, "readData")).toBe(false);
    expect(autonomyNeedsApproval({ ...agent, autonomy: "ACT_WITH_APPROVAL" }, "invokeTool")).toBe(true);
    expect(autonomyNeedsApproval(agent, "writeData")).toBe(false);
  });
});

describe("on-behalf-of intersection", () => {
  const allow = (p: string) => ({ decision: "allow" as const, policies: [p], reason: `by ${p}` });
  const deny = (p: string) => ({ decision: "deny" as const, policies: [p], reason: `no ${p}` });
  it("allows only when both allow", () => {
    expect(intersect(allow("a"), allow("h"), "Ada")).toEqual({
      decision: "allow",
      policies: ["a", "h"],
      reason: "by a",
    });
    expect(intersect(allow("a"), deny("h"), "Ada")).toMatchObject({
      decision: "deny",
      reason: "on-behalf-of Ada does not hold this access: no h",
    });
    expect(intersect(deny("a"), allow("h"), "Ada")).toMatchObject({ decision: "deny", policies: ["a"] });
    expect(intersect(allow("a"), null, "")).toMatchObject({ decision: "allow" });
  });
});
