// Access history for the demo: requests with policy decisions and approvals, and revoked
// grants with their revocations, so the auditor's five questions have full answers to show.
import { randomUUID } from "node:crypto";
import type { Faker } from "@faker-js/faker";
import type { Tx } from "../lib/db";
import type { Prisma } from "../lib/generated/prisma/client";
import { appendLedger, SYSTEM_ACTOR, type LedgerEvent } from "../lib/ledger/append";

type Person = { id: string; name: string; managerId: string | null; left: boolean };

export async function seedAccessHistory(
  tx: Tx,
  f: Faker,
  people: Person[],
  policyHash: string,
): Promise<void> {
  const byId = new Map(people.map((p) => [p.id, p]));
  const grants = await tx.grant.findMany({
    where: { source: "REQUEST", actor: { kind: { in: ["HUMAN", "AGENT"] } } },
    select: {
      id: true,
      actorId: true,
      grantedAt: true,
      actor: { select: { kind: true, displayName: true, agent: { select: { sponsorId: true } } } },
      entitlement: {
        select: { id: true, name: true, privileged: true, resource: { select: { name: true } } },
      },
    },
    take: 400,
  });
  const requests: Prisma.AccessRequestCreateManyInput[] = [];
  const approvals: Prisma.ApprovalCreateManyInput[] = [];
  const links: { grantId: string; requestId: string; index: number }[] = [];
  const decisions: LedgerEvent[] = [];
  for (const g of grants) {
    const human = g.actor.kind === "HUMAN" ? byId.get(g.actorId) : undefined;
    const requesterId = g.actor.kind === "AGENT" ? g.actor.agent?.sponsorId : g.actorId;
    const approverId = g.actor.kind === "AGENT" ? byId.get(requesterId ?? "")?.managerId : human?.managerId;
    if (!requesterId || !approverId || approverId === requesterId) continue;
    const requestId = randomUUID();
    const asked = new Date(g.grantedAt.getTime() - f.number.int({ min: 10, max: 3 * 24 * 60 }) * 60_000);
    const approver = byId.get(approverId);
    requests.push({
      id: requestId,
      requesterId,
      subjectId: g.actorId,
      entitlementId: g.entitlement.id,
      status: "FULFILLED",
      decision: "ALLOW",
      policyVersionHash: policyHash,
      justification:
        g.actor.kind === "AGENT"
          ? f.helpers.arrayElement([
              "Agent needs this tool for ticket triage",
              "Agent drafts the weekly cost report from this data",
            ])
          : f.helpers.arrayElement([
              "Needed for the Q4 migration",
              "On-call rotation starts Monday",
              "Customer escalation #4821",
              "New team member onboarding",
              "Quarterly close reporting",
            ]),
      task:
        f.helpers.maybe(() => `JIRA-${f.number.int({ min: 1000, max: 9999 })}`, { probability: 0.6 }) ?? null,
      createdAt: asked,
      decidedAt: g.grantedAt,
    });
    approvals.push({
      requestId,
      approverId,
      decision: "APPROVE",
      comment: f.helpers.maybe(() => "Approved, scoped to the task", { probability: 0.4 }) ?? null,
      createdAt: g.grantedAt,
    });
    links.push({ grantId: g.id, requestId, index: decisions.length });
    decisions.push({
      actor: { id: "console", kind: "SYSTEM", name: "Triad console" },
      action: "decision.evaluated",
      target: `actor:${g.actorId}`,
      details: {
        // Same shape as lib/decisions/record.ts, so the decision log and simulation can replay it.
        client: "console",
        subject: {
          type: g.actor.kind.toLowerCase(),
          id: g.actorId,
          kind: g.actor.kind,
          actorId: g.actorId,
          name: g.actor.displayName,
        },
        action: "request",
        resource: {
          type: "entitlement",
          id: g.entitlement.id,
          properties: { name: `${g.entitlement.resource.name} · ${g.entitlement.name}` },
        },
        decision: "ALLOW",
        policies: [g.entitlement.privileged ? "privileged-needs-approval" : "request-standard"],
        policyVersion: policyHash,
        reason: g.entitlement.privileged
          ? "privileged access: manager approval required and given"
          : "standard access within policy",
        approvedBy: approver?.name ?? null,
      },
    });
  }
  await tx.accessRequest.createMany({ data: requests });
  await tx.approval.createMany({ data: approvals });
  const seqs = await appendLedger(tx, decisions);
  for (const l of links)
    await tx.grant.update({
      where: { id: l.grantId },
      data: { requestId: l.requestId, decisionSeq: seqs[l.index] },
    });

  // Some of that access has since ended: campaign revokes, offboarding, incident response.
  const revoked = f.helpers.arrayElements(links, Math.min(40, links.length));
  const events: LedgerEvent[] = [];
  for (const r of revoked) {
    const method = f.helpers.arrayElement(["CAMPAIGN_REVOKE", "MANUAL", "INCIDENT", "EXPIRY"] as const);
    const requestedAt = new Date(Date.now() - f.number.int({ min: 1, max: 60 }) * 86_400_000);
    const grant = grants.find((g) => g.id === r.grantId)!;
    const by = byId.get(byId.get(grant.actorId)?.managerId ?? "") ?? null;
    await tx.grant.update({
      where: { id: r.grantId },
      data: { status: method === "EXPIRY" ? "EXPIRED" : "REVOKED" },
    });
    await tx.revocation.create({
      data: {
        actorId: grant.actorId,
        grantId: r.grantId,
        method,
        requestedById: by?.id ?? null,
        requestedAt,
        completedAt: new Date(requestedAt.getTime() + f.number.int({ min: 1, max: 240 }) * 60_000),
        reason: {
          CAMPAIGN_REVOKE: "Revoked in the Q3 access review",
          MANUAL: "No longer needed after the project ended",
          INCIDENT: "Credential exposure in incident INC-2291",
          EXPIRY: "Time-bound access expired",
        }[method],
      },
    });
    events.push({
      actor: by ? { id: by.id, kind: "HUMAN", name: by.name } : SYSTEM_ACTOR,
      action: "grant.revoked",
      target: `grant:${r.grantId}`,
      details: { method },
    });
  }
  await appendLedger(tx, events);
}
