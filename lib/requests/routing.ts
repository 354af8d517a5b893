import type { Tx } from "@/lib/db";
import { planRoute, type RouteStage } from "./route-plan";

// Approval routing as data: who may decide a request, in which stages. Built once when the
// request is submitted and stored as RequestStage + RequestApprover rows, so the inbox, the
// timeline and the deadline job all read the same route. The rules are planRoute's.

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

/** Security admins' people (enabled ADMIN accounts of active humans), oldest account first. */
async function securityAdmins(tx: Tx, excluded: Set<string>): Promise<string[]> {
  const rows = await tx.user.findMany({
    where: {
      roles: { has: "ADMIN" },
      disabledAt: null,
      actorId: { not: null, notIn: [...excluded] },
      actor: { kind: "HUMAN", status: "ACTIVE" },
    },
    orderBy: { createdAt: "asc" },
    take: 20,
    select: { actorId: true },
  });
  return [...new Set(rows.map((r) => r.actorId!))];
}

/**
 * The route for a request. The accountable human is the requester for their own access and for
 * an NHI they own or an agent they sponsor; their manager approves (an owner or sponsor benefits
 * from the grant, so cannot approve it themselves), and so does the resource owner.
 */
export async function routeRequest(
  tx: Tx,
  input: {
    requesterId: string;
    subjectId: string;
    privileged: boolean;
    securitySignOff: boolean;
    allOf: boolean;
    resourceOwnerId: string | null;
  },
): Promise<RouteStage[]> {
  const excluded = await beneficiariesOf(tx, input.subjectId);
  excluded.add(input.requesterId);
  const requester = await tx.humanProfile.findUnique({
    where: { actorId: input.requesterId },
    select: { managerId: true },
  });
  return planRoute({
    privileged: input.privileged,
    securitySignOff: input.securitySignOff,
    allOf: input.allOf,
    managerId: requester?.managerId ?? null,
    resourceOwnerId: input.resourceOwnerId,
    excluded,
    admins: await securityAdmins(tx, excluded),
  });
}
