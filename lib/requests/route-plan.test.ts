import { describe, expect, it } from "vitest";
import { planRoute, stageOutcome, type RouteFacts, type StageState } from "./route-plan";

const base: RouteFacts = {
  privileged: false,
  securitySignOff: false,
  allOf: false,
  managerId: "mgr",
  resourceOwnerId: "own",
  excluded: new Set(["dev"]),
  admins: ["adm1", "adm2", "adm3"],
};

// Each stage as "MODE:id/ROLE,id/ROLE" for a readable table.
const shape = (f: Partial<RouteFacts>) =>
  planRoute({ ...base, ...f }).map(
    (s) => `${s.mode}:${s.approvers.map((a) => `${a.id}/${a.role}`).join(",")}>${s.fallbackId ?? "-"}`,
  );

describe("planRoute", () => {
  it.each<[string, Partial<RouteFacts>, string[]]>([
    ["standard: any one of manager and owner", {}, ["ANY:mgr/MANAGER,own/RESOURCE_OWNER>adm1"]],
    ["standard, policy asks all of", { allOf: true }, ["ALL:mgr/MANAGER,own/RESOURCE_OWNER>adm1"]],
    [
      "standard, all of with one approver is any",
      { allOf: true, resourceOwnerId: null },
      ["ANY:mgr/MANAGER>adm1"],
    ],
    ["standard, manager is the owner: one approver", { resourceOwnerId: "mgr" }, ["ANY:mgr/MANAGER>adm1"]],
    [
      "standard, nobody: a security admin",
      { managerId: null, resourceOwnerId: null },
      ["ANY:adm1/FALLBACK>adm2"],
    ],
    [
      "standard + sign-off: two stages",
      { securitySignOff: true },
      // Every admin is on the sign-off stage: nobody is left to escalate to (the request expires).
      ["ANY:mgr/MANAGER,own/RESOURCE_OWNER>-", "ANY:adm1/SECURITY,adm2/SECURITY,adm3/SECURITY>-"],
    ],
    [
      "privileged: two groups, two stages",
      { privileged: true },
      ["ANY:mgr/MANAGER>adm1", "ANY:own/RESOURCE_OWNER>adm2"],
    ],
    [
      "privileged, policy asks all of: one stage of both",
      { privileged: true, allOf: true },
      ["ALL:mgr/MANAGER,own/RESOURCE_OWNER>adm1"],
    ],
    [
      "privileged + sign-off: three stages",
      { privileged: true, securitySignOff: true },
      ["ANY:mgr/MANAGER>-", "ANY:own/RESOURCE_OWNER>-", "ANY:adm1/SECURITY,adm2/SECURITY,adm3/SECURITY>-"],
    ],
    [
      "privileged, no owner: a security admin stands in for the group",
      { privileged: true, resourceOwnerId: null },
      ["ANY:mgr/MANAGER>adm2", "ANY:adm1/FALLBACK>adm3"],
    ],
    [
      "privileged, owner is the requester's manager: the owner group falls back",
      { privileged: true, resourceOwnerId: "mgr" },
      ["ANY:mgr/MANAGER>adm2", "ANY:adm1/FALLBACK>adm3"],
    ],
    [
      "privileged + sign-off, no owner: the sign-off stage never repeats a person",
      { privileged: true, securitySignOff: true, resourceOwnerId: null },
      ["ANY:mgr/MANAGER>-", "ANY:adm1/FALLBACK>-", "ANY:adm2/SECURITY,adm3/SECURITY>-"],
    ],
    [
      "the manager benefits (excluded): the owner alone",
      { excluded: new Set(["dev", "mgr"]) },
      ["ANY:own/RESOURCE_OWNER>adm1"],
    ],
  ])("%s", (_name, facts, expected) => {
    expect(shape(facts)).toEqual(expected);
  });

  it.each<[string, Partial<RouteFacts>]>([
    [
      "privileged with nobody in either group and one admin",
      { privileged: true, managerId: null, resourceOwnerId: null, admins: ["adm1"] },
    ],
    ["privileged with no admins and no owner", { privileged: true, resourceOwnerId: null, admins: [] }],
    ["sign-off with no eligible admin", { securitySignOff: true, admins: ["dev"] }],
    ["standard with nobody at all", { managerId: null, resourceOwnerId: null, admins: [] }],
  ])("no route (the request is denied): %s", (_name, facts) => {
    expect(planRoute({ ...base, ...facts })).toEqual([]);
  });

  it("never names an excluded person anywhere", () => {
    const excluded = new Set(["dev", "mgr", "adm1"]);
    const stages = planRoute({ ...base, privileged: true, securitySignOff: true, excluded });
    const everyone = stages.flatMap((s) => [...s.approvers.map((a) => a.id), s.fallbackId]);
    expect(everyone.some((id) => id && excluded.has(id))).toBe(false);
    expect(stages).toHaveLength(3);
  });
});

describe("stageOutcome", () => {
  const stage = (
    mode: "ANY" | "ALL",
    open: string[],
    closed: string[] = [],
    escalatedTo?: string,
  ): StageState => ({
    mode,
    approvers: [
      ...open.map((approverId) => ({ approverId, open: true })),
      ...closed.map((approverId) => ({ approverId, open: false })),
    ],
    escalatedAt: escalatedTo ? new Date() : null,
    fallbackApproverId: escalatedTo ?? null,
  });
  it.each<[string, StageState, string, "APPROVE" | "REJECT", string]>([
    ["any one of: the first approval decides", stage("ANY", ["a", "b"]), "a", "APPROVE", "approved"],
    ["any one of: a rejection rejects", stage("ANY", ["a", "b"]), "b", "REJECT", "rejected"],
    ["all of: the first of two waits", stage("ALL", ["a", "b"]), "a", "APPROVE", "waiting"],
    ["all of: the last of two approves", stage("ALL", ["b"], ["a"]), "b", "APPROVE", "approved"],
    ["all of: any rejection rejects", stage("ALL", ["a", "b"]), "b", "REJECT", "rejected"],
    ["all of: three need three", stage("ALL", ["b", "c"], ["a"]), "b", "APPROVE", "waiting"],
    [
      "all of, escalated: the fallback decides for the silent",
      stage("ALL", ["b", "fb"], ["a"], "fb"),
      "fb",
      "APPROVE",
      "approved",
    ],
    [
      "all of, escalated: the fallback stands in for one silent approver, not two",
      stage("ALL", ["a", "b", "fb"], [], "fb"),
      "fb",
      "APPROVE",
      "waiting",
    ],
    [
      "all of, escalated: the fallback is not waited for",
      stage("ALL", ["b", "fb"], ["a"], "fb"),
      "b",
      "APPROVE",
      "approved",
    ],
  ])("%s", (_name, s, me, decision, expected) => {
    expect(stageOutcome(s, me, decision)).toBe(expected);
  });
});
