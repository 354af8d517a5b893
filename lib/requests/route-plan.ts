import type { ApprovalMode, ApproverRole } from "@/lib/generated/prisma/enums";

// The routing rules and the outcome of an approval, as pure functions (table-tested in
// route-plan.test.ts); routing.ts loads the facts, decide.ts applies the outcome.

export type RouteStage = {
  mode: ApprovalMode;
  approvers: Array<{ id: string; role: ApproverRole }>;
  fallbackId: string | null;
};

export type RouteFacts = {
  privileged: boolean;
  /** The entitlement needs a security admin's sign-off: a last stage of security admins. */
  securitySignOff: boolean;
  /** A determining policy asked for "all of" (@approval("all")): the approver groups decide together. */
  allOf: boolean;
  managerId: string | null;
  resourceOwnerId: string | null;
  /** The requester and everyone the grant benefits: never approvers. */
  excluded: ReadonlySet<string>;
  /** Security admins' people, in a stable order (fallbacks and the sign-off stage). */
  admins: readonly string[];
};

/** At most this many security admins are named on a sign-off stage (any one of them decides). */
export const SIGN_OFF_APPROVERS = 5;

/**
 * One to three stages. Standard: one stage, any one of the manager and the resource owner.
 * Privileged: two approvers from two groups (manager group, resource-owner group; an empty group
 * falls back to a security admin), as two stages in turn, or as one "all of" stage when policy
 * asks for it. Security sign-off adds a last stage of security admins nobody else on the route
 * already is. Every stage names a fallback for escalation. No route ([]) when a required group
 * has nobody eligible: the request is then denied, never approved by fewer people.
 */
export function planRoute(f: RouteFacts): RouteStage[] {
  const ok = (id: string | null): id is string => !!id && !f.excluded.has(id);
  const admin = (avoid: Set<string>) => f.admins.find((id) => ok(id) && !avoid.has(id)) ?? null;
  const manager = ok(f.managerId) ? f.managerId : null;
  const owner = ok(f.resourceOwnerId) && f.resourceOwnerId !== manager ? f.resourceOwnerId : null;

  const stages: RouteStage[] = [];
  if (!f.privileged) {
    const approvers: RouteStage["approvers"] = [];
    if (manager) approvers.push({ id: manager, role: "MANAGER" });
    if (owner) approvers.push({ id: owner, role: "RESOURCE_OWNER" });
    if (approvers.length === 0) {
      const fb = admin(new Set());
      if (!fb) return [];
      approvers.push({ id: fb, role: "FALLBACK" });
    }
    stages.push({ mode: f.allOf && approvers.length > 1 ? "ALL" : "ANY", approvers, fallbackId: null });
  } else {
    const used = new Set<string>();
    const groups: RouteStage["approvers"] = [];
    for (const [id, role] of [
      [manager, "MANAGER"],
      [owner, "RESOURCE_OWNER"],
    ] as const) {
      const pick = id ?? admin(used);
      if (!pick || used.has(pick)) return [];
      used.add(pick);
      groups.push({ id: pick, role: id ? role : "FALLBACK" });
    }
    if (f.allOf) stages.push({ mode: "ALL", approvers: groups, fallbackId: null });
    else for (const a of groups) stages.push({ mode: "ANY", approvers: [a], fallbackId: null });
  }
  const onRoute = new Set(stages.flatMap((s) => s.approvers.map((a) => a.id)));
  if (f.securitySignOff) {
    const admins = f.admins.filter((id) => ok(id) && !onRoute.has(id)).slice(0, SIGN_OFF_APPROVERS);
    if (admins.length === 0) return [];
    stages.push({ mode: "ANY", approvers: admins.map((id) => ({ id, role: "SECURITY" })), fallbackId: null });
    for (const id of admins) onRoute.add(id);
  }
  // Each stage escalates to a different person: one admin standing in for two stages would be
  // one person approving what needs two.
  const fallbacks = new Set<string>();
  for (const s of stages) {
    s.fallbackId = admin(new Set([...onRoute, ...fallbacks, ...s.approvers.map((a) => a.id)]));
    if (s.fallbackId) fallbacks.add(s.fallbackId);
  }
  return stages;
}

export type StageState = {
  mode: ApprovalMode;
  approvers: Array<{ approverId: string; open: boolean }>;
  /** Set once the deadline job escalated the stage to its fallback approver. */
  escalatedAt: Date | null;
  fallbackApproverId: string | null;
};

/**
 * What one approver's decision does to their stage: a rejection rejects it (and the request);
 * "any one of" is approved by the first approval; "all of" waits until every approver has
 * approved, except that the fallback it was escalated to stands in for ONE silent approver (so an
 * "all of" stage is never decided by one person).
 */
export function stageOutcome(
  stage: StageState,
  me: string,
  decision: "APPROVE" | "REJECT",
): "rejected" | "approved" | "waiting" {
  if (decision === "REJECT") return "rejected";
  if (stage.mode === "ANY") return "approved";
  const fallbackId = stage.escalatedAt ? stage.fallbackApproverId : null;
  const fallbackApproved =
    fallbackId !== null &&
    (fallbackId === me || stage.approvers.some((a) => a.approverId === fallbackId && !a.open));
  const silent = stage.approvers.filter((a) => a.open && a.approverId !== me && a.approverId !== fallbackId);
  return silent.length - (fallbackApproved ? 1 : 0) > 0 ? "waiting" : "approved";
}
