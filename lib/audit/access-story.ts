import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

/**
 * The auditor's five questions about one grant, answered from stored records only:
 * who requested it, which identity type holds it, what policy decided it, who approved it,
 * and how (and when) it was revoked.
 * null for an unknown or malformed id (the page answers 404).
 */
export async function getAccessStory(grantId: string) {
  if (!isUuid(grantId)) return null;
  const grant = await db.grant.findUnique({
    where: { id: grantId },
    select: {
      id: true,
      source: true,
      status: true,
      grantedAt: true,
      expiresAt: true,
      decisionSeq: true,
      lastCertifiedAt: true,
      actor: {
        select: {
          id: true,
          kind: true,
          displayName: true,
          sourceSystem: true,
          externalId: true,
          status: true,
        },
      },
      entitlement: {
        select: {
          id: true,
          name: true,
          privileged: true,
          resource: { select: { id: true, name: true, kind: true, sensitivity: true } },
        },
      },
      request: {
        select: {
          id: true,
          justification: true,
          task: true,
          durationMinutes: true,
          createdAt: true,
          decidedAt: true,
          status: true,
          decision: true,
          decisionSeq: true,
          policyVersionHash: true,
          requester: { select: { id: true, kind: true, displayName: true } },
          ticketRef: true,
          autoApprovedBy: true,
          breakGlass: true,
          ratifiedAt: true,
          ratifyBy: true,
          approvals: {
            orderBy: { createdAt: "asc" },
            select: {
              decision: true,
              comment: true,
              createdAt: true,
              role: true,
              stepUpAt: true,
              approver: { select: { id: true, kind: true, displayName: true } },
            },
          },
        },
      },
      revocations: {
        orderBy: { requestedAt: "asc" },
        select: {
          method: true,
          reason: true,
          evidence: true,
          requestedAt: true,
          completedAt: true,
          requestedBy: { select: { id: true, displayName: true } },
        },
      },
      reviewItems: {
        orderBy: { createdAt: "desc" },
        take: 5,
        select: {
          decision: true,
          reason: true,
          decidedAt: true,
          campaign: { select: { id: true, name: true } },
          reviewer: { select: { displayName: true } },
        },
      },
    },
  });
  if (!grant) return null;

  const decisionSeq = grant.decisionSeq ?? grant.request?.decisionSeq ?? null;
  const [decision, history] = await Promise.all([
    decisionSeq
      ? db.logEntry.findUnique({
          where: { seq: decisionSeq },
          select: { seq: true, at: true, action: true, details: true, hash: true },
        })
      : null,
    db.logEntry.findMany({
      where: { target: `grant:${grant.id}` },
      orderBy: { seq: "asc" },
      take: 200,
      select: { seq: true, at: true, action: true, actorName: true, actorKind: true, details: true },
    }),
  ]);
  // Shape written by lib/decisions/record.ts for decision.evaluated entries.
  const details = (decision?.details ?? null) as {
    policyVersion?: string;
    policies?: string[];
    reason?: string;
    decision?: string;
  } | null;
  const policyHash = grant.request?.policyVersionHash ?? details?.policyVersion ?? null;
  const policyVersion = policyHash
    ? await db.policyVersion.findFirst({
        where: { hash: policyHash },
        select: { id: true, version: true, status: true, policySet: { select: { id: true, name: true } } },
      })
    : null;

  return {
    grant,
    decision: decision ? { ...decision, seq: decision.seq.toString() } : null,
    determiningPolicies: details?.policies ?? [],
    decisionReason: details?.reason ?? null,
    policyHash,
    policyVersion,
    history: history.map((h) => ({ ...h, seq: h.seq.toString() })),
  };
}
