import type { Tx } from "@/lib/db";
import type { ApprovalMode, ApproverRole } from "@/lib/generated/prisma/enums";

// Approval routing as data: who may decide a request, in which stages. Built once when the
// request is submitted and stored as RequestStage + RequestApprover rows, so the inbox, the
// timeline and the deadline job all read the same route.

export type RouteStage = {
  mode: ApprovalMode;
  approvers: Array<{ id: string; role: ApproverRole }>;
  fallbackId: string | null;
};

/**
 * Everyone a grant to `subjectId` would benefit: the subject, its NHI owner and co-owners, its
 * agent's sponsor. None of them may approve (nor may the requester).
 */
export async function beneficiariesOf(tx: Tx, subjectId: string): Promise<Set<string>> {
  const s = await tx.actor.findUnique({
    where: { id: subjectId },
    select: {
      id: true,
      nhi: { select: { ownerId: true } },
      coOwners: { select: { ownerId: true } },
      agent: { select: { sponsorId: true } },
    },
  });
  const out = new Set<string>([subjectId]);
  if (s?.nhi?.ownerId) out.add(s.nhi.ownerId);
  for (const c of s?.coOwners ?? []) out.add(c.ownerId);
  if (s?.agent?.sponsorId) out.add(s.agent.sponsorId);
  return out;
}

/** A security admin's person who is not excluded: the stage's fallback approver. */
async function fallbackApprover(tx: Tx, excluded: Set<string>): Promise<string | null> {
  const admin = await tx.user.findFirst({
    where: {
      roles: { has: "ADMIN" },
      disabledAt: null,
      actorId: { not: null, notIn: [...excluded] },
      actor: { kind: "HUMAN", status: "ACTIVE" },
    },
    orderBy: { createdAt: "asc" },
    select: { actorId: true },
  });
  return admin?.actorId ?? null;
}

/**
 * The route for a request. The accountable human is the requester for their own access, the
 * NHI's owner or the agent's sponsor otherwise; their manager approves (an owner or sponsor
 * benefits from the grant, so cannot approve it themselves). The resource owner approves too.
 * Standard entitlements: one stage, any one of them. Privileged: two stages, manager group then
 * resource-owner group, so two different people from two groups approve. An empty group falls
 * back to a security admin; every stage names a fallback for escalation.
 */
export async function routeRequest(
  tx: Tx,
  input: { requesterId: string; subjectId: string; privileged: boolean; resourceOwnerId: string | null },
): Promise<RouteStage[]> {
  const excluded = await beneficiariesOf(tx, input.subjectId);
  excluded.add(input.requesterId);
  const requester = await tx.humanProfile.findUnique({
    where: { actorId: input.requesterId },
    select: { managerId: true },
  });
  const managerId = requester?.managerId ?? null;
  const usable = (id: string | null, taken: Set<string>) =>
    id && !excluded.has(id) && !taken.has(id) ? id : null;

  const taken = new Set<string>();
  const manager = usable(managerId, taken);
  if (manager) taken.add(manager);
  const owner = usable(input.resourceOwnerId, taken);

  const fallback = async (extra: Set<string>) => fallbackApprover(tx, new Set([...excluded, ...extra]));
  if (!input.privileged) {
    const approvers: RouteStage["approvers"] = [];
    if (manager) approvers.push({ id: manager, role: "MANAGER" });
    if (owner) approvers.push({ id: owner, role: "RESOURCE_OWNER" });
    const fb = await fallback(new Set(approvers.map((a) => a.id)));
    if (approvers.length === 0 && fb)
      return [{ mode: "ANY", approvers: [{ id: fb, role: "FALLBACK" }], fallbackId: null }];
    return approvers.length ? [{ mode: "ANY", approvers, fallbackId: fb }] : [];
  }
  const stages: RouteStage[] = [];
  const used = new Set<string>();
  for (const [id, role] of [
    [manager, "MANAGER"],
    [owner, "RESOURCE_OWNER"],
  ] as const) {
    const pick = id ?? (await fallback(used));
    if (!pick || used.has(pick)) continue;
    used.add(pick);
    stages.push({ mode: "ANY", approvers: [{ id: pick, role: id ? role : "FALLBACK" }], fallbackId: null });
  }
  for (const s of stages) s.fallbackId = await fallback(new Set([...used]));
  return stages.length === 2 ? stages : [];
}
