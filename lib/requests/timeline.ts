import { db } from "@/lib/db";
import { NotFound } from "@/lib/errors";
import { can } from "@/lib/auth/permissions";

/**
 * One request's story, each step from stored records and linked to its ledger entry: the
 * request, the policy decision (and the policy version it ran under), every approval with its
 * step-up time, the grant, and how the grant ended.
 */
export async function getRequestTimeline(id: string) {
  const r = await db.accessRequest.findUnique({
    where: { id },
    select: {
      id: true,
      status: true,
      createdAt: true,
      decidedAt: true,
      justification: true,
      durationMinutes: true,
      ticketRef: true,
      decision: true,
      decisionSeq: true,
      policyVersionHash: true,
      decisionReason: true,
      autoApprovedBy: true,
      breakGlass: true,
      ratifyBy: true,
      ratifiedAt: true,
      ratifiedById: true,
      deadlineAt: true,
      requester: { select: { id: true, displayName: true, kind: true } },
      subject: { select: { id: true, displayName: true, kind: true } },
      entitlement: {
        select: { id: true, name: true, privileged: true, resource: { select: { id: true, name: true } } },
      },
      stages: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          mode: true,
          status: true,
          deadlineAt: true,
          escalatedAt: true,
          approvers: {
            select: { role: true, open: true, approver: { select: { id: true, displayName: true } } },
          },
        },
      },
      approvals: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          decision: true,
          comment: true,
          createdAt: true,
          stepUpAt: true,
          role: true,
          approver: { select: { id: true, displayName: true } },
        },
      },
      grants: {
        select: {
          id: true,
          status: true,
          grantedAt: true,
          expiresAt: true,
          revocations: {
            orderBy: { requestedAt: "asc" },
            select: {
              method: true,
              reason: true,
              requestedAt: true,
              completedAt: true,
              requestedBy: { select: { displayName: true } },
            },
          },
        },
      },
    },
  });
  if (!r) throw new NotFound("No such request.");
  const grantTargets = r.grants.map((g) => `grant:${g.id}`);
  const [entries, policyVersion, ratifier] = await Promise.all([
    db.logEntry.findMany({
      where: {
        OR: [
          { target: `request:${r.id}` },
          ...(grantTargets.length ? [{ target: { in: grantTargets } }] : []),
          ...(r.decisionSeq ? [{ seq: r.decisionSeq }] : []),
        ],
      },
      orderBy: { seq: "asc" },
      take: 200,
      select: { seq: true, at: true, action: true, actorName: true, target: true, details: true },
    }),
    r.policyVersionHash
      ? db.policyVersion.findFirst({
          where: { hash: r.policyVersionHash },
          select: { version: true, policySet: { select: { id: true, name: true } } },
        })
      : null,
    r.ratifiedById
      ? db.actor.findUnique({ where: { id: r.ratifiedById }, select: { id: true, displayName: true } })
      : null,
  ]);
  const ledger = entries.map((e) => ({ ...e, seq: e.seq.toString() }));
  return {
    request: { ...r, decisionSeq: r.decisionSeq?.toString() ?? null },
    ledger,
    policyVersion,
    ratifier,
  };
}
export type RequestTimeline = Awaited<ReturnType<typeof getRequestTimeline>>;

/**
 * Who may read a request (its justification, ticket and approvers): the people on it — requester,
 * subject, each approver — and the security admins and auditors who oversee all access.
 */
export function mayViewRequest(
  user: { actorId: string | null; roles: readonly string[] },
  t: Awaited<ReturnType<typeof getRequestTimeline>>,
): boolean {
  if (can(user.roles, "audit:read") || can(user.roles, "settings:manage")) return true;
  if (!user.actorId) return false;
  const people = [
    t.request.requester.id,
    t.request.subject.id,
    ...t.request.stages.flatMap((s) => s.approvers.map((a) => a.approver.id)),
    ...t.request.approvals.map((a) => a.approver.id),
  ];
  return people.includes(user.actorId);
}
