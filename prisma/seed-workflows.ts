// Workflow state for the demo logins, made by the same lib functions the console calls (so
// ledger entries, routing, jobs and notifications are the real ones): requests waiting on the
// demo manager, a running and a closed campaign, proposals, a live agent session and an
// unratified break-glass. Everything else on "My work" follows from these rows.
import { randomUUID } from "node:crypto";
import { db } from "../lib/db";
import type { Role } from "../lib/generated/prisma/enums";
import type { SessionUser } from "../lib/auth/session";
import { callerOf } from "../lib/actions/caller";
import type { LedgerActor } from "../lib/ledger/append";
import { hashPassword } from "../lib/auth/password";
import { scheduleJob } from "../lib/jobs/schedule";
import { submitRequest } from "../lib/requests/submit";
import { decideRequest } from "../lib/requests/decide";
import { breakGlass } from "../lib/requests/break-glass";
import { requestDeadlineJobKey } from "../lib/requests/fulfil";
import { revokeGrant } from "../lib/grants/revoke";
import { createDefinition, launchCampaign } from "../lib/campaigns/generate";
import { defaultsFor } from "../lib/campaigns/schemas";
import { decideItems } from "../lib/campaigns/decide";
import { confirmRemediation } from "../lib/campaigns/confirm";
import { closeCampaign } from "../lib/campaigns/close";
import { createActorClient } from "../lib/tokens/clients";
import { openSession } from "../lib/agents/sessions";
import { propose } from "../lib/proposals/mutations";
import { ATTESTATION_GRACE_DAYS, ATTESTATION_INTERVAL_DAYS } from "../lib/campaigns/attestation";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Person = {
  id: string;
  name: string;
  team: string;
  managerId: string | null;
  left: boolean;
  email: string;
};
type Demo = { managerId: string; sponsorId: string; fallbackId: string };

/** A console session as the server actions hand it to lib (TOTP just passed: approvals need it). */
function sessionOf(u: {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  actorId: string | null;
}): SessionUser {
  return { ...u, sessionId: randomUUID(), mfa: true, mfaAt: new Date(), mustChangePassword: false };
}

export async function seedWorkflows(people: Person[], demo: Demo): Promise<void> {
  const users = await db.user.findMany({
    where: { email: { in: ["admin@triad.example", "manager@triad.example", "sponsor@triad.example"] } },
    select: { id: true, email: true, name: true, roles: true, actorId: true },
  });
  const byEmail = (e: string) => users.find((u) => u.email === e)!;
  const admin = sessionOf(byEmail("admin@triad.example"));
  const manager = sessionOf(byEmail("manager@triad.example"));
  const adminLedger: LedgerActor = { id: admin.id, kind: "USER", name: admin.name };

  // The people who ask: the demo manager's reports, with console accounts nobody can sign in to
  // (a random password nobody knows), and an on-call SRE admin who breaks the glass.
  const reports = people.filter((p) => p.managerId === demo.managerId && !p.left).slice(0, 6);
  const oncall = people.find((p) => p.team === "SRE" && p.managerId && !p.left && p.id !== demo.managerId)!;
  const unusable = await hashPassword(randomUUID());
  const accountFor = async (p: Person, roles: Role[]) =>
    sessionOf(
      await db.user.create({
        data: { email: p.email, name: p.name, passwordHash: unusable, roles, actorId: p.id },
        select: { id: true, email: true, name: true, roles: true, actorId: true },
      }),
    );
  const asking: SessionUser[] = [];
  for (const p of reports) asking.push(await accountFor(p, ["SERVICE_OWNER"]));
  const breaker = await accountFor(oncall, ["ADMIN"]);

  // Entitlements nobody involved owns the resource of, standard and privileged, in name order.
  const involved = [demo.managerId, ...reports.map((r) => r.id)];
  const ents = await db.entitlement.findMany({
    where: { resource: { ownerId: { notIn: involved } } },
    orderBy: [{ resource: { name: "asc" } }, { name: "asc" }],
    select: {
      id: true,
      privileged: true,
      grants: { where: { status: "ACTIVE" }, select: { actorId: true } },
    },
  });
  const free = (actorId: string, privileged: boolean, skip = 0) =>
    ents.filter((e) => e.privileged === privileged && !e.grants.some((g) => g.actorId === actorId))[skip]!.id;

  // Waiting on the manager: different ages (so different deadlines), one privileged.
  const waiting: { who: SessionUser; privileged: boolean; hours: number; why: string; minutes: number }[] = [
    {
      who: asking[0],
      privileged: false,
      hours: 20,
      why: "Quarter-end reconciliation needs read access",
      minutes: 30 * 1440,
    },
    {
      who: asking[1],
      privileged: true,
      hours: 6,
      why: "Hotfix for the failed settlement batch (INC-3107)",
      minutes: 240,
    },
    {
      who: asking[2],
      privileged: false,
      hours: 2,
      why: "Onboarding: shadowing the payments on-call next week",
      minutes: 14 * 1440,
    },
    {
      who: asking[3],
      privileged: false,
      hours: 0.25,
      why: "Building the refunds dashboard for finance",
      minutes: 7 * 1440,
    },
  ];
  // One after another: the decision path fails closed when its connections are all busy, and
  // the demo must not depend on timing.
  for (const [i, w] of waiting.entries()) {
    const r = await submitRequest(w.who, {
      entitlementId: free(w.who.actorId!, w.privileged, i),
      durationMinutes: w.minutes,
      justification: w.why,
      ticketRef: w.privileged ? "INC-3107" : undefined,
    });
    if (r.status === "PENDING") await backdate(r.id, w.hours);
  }

  // Refused by policy: privileged access asked without a fresh MFA (a deny for the auditor's card).
  if (asking[5])
    await submitRequest(
      { ...asking[5], mfaAt: null },
      {
        entitlementId: free(asking[5].actorId!, true, 2),
        durationMinutes: 120,
        justification: "Debugging the ledger export from home",
      },
    );

  // One request through its whole life: asked, policy-checked, approved with step-up, granted, revoked.
  await tellStory(asking[4], manager, adminLedger, free(asking[4].actorId!, false, 0));

  // Break-glass nobody has ratified yet: a finding for the admins (the deadline job lapses it).
  await breakGlass(breaker, {
    entitlementId: free(breaker.actorId!, true, 0),
    durationMinutes: 120,
    justification: "Production database failover stuck; paging the DBA did not help",
    ticketRef: "INC-3112",
  });

  await seedCampaigns(admin, adminLedger, manager, demo);
  await seedAgentWork(demo.sponsorId);
}

async function tellStory(
  asker: SessionUser,
  manager: SessionUser,
  admin: LedgerActor,
  entitlementId: string,
) {
  const story = await submitRequest(asker, {
    entitlementId,
    durationMinutes: 30 * 1440,
    justification: "Migrating the card-vault reports to the new warehouse",
    ticketRef: "PAY-2291",
  });
  if (story.status !== "PENDING") return;
  const done = await decideRequest(manager, {
    requestId: story.id,
    decision: "APPROVE",
    comment: "Approved for the migration; scoped to the task",
  });
  if (done.grantId)
    await revokeGrant(
      { ledger: admin, actorId: null },
      { grantId: done.grantId, reason: "Migration finished; access no longer needed" },
    );
}

/** Makes a fresh request look `hours` old: its stage deadline (and the job that enforces it) move with it. */
async function backdate(requestId: string, hours: number) {
  const created = new Date(Date.now() - hours * HOUR);
  const stageDeadline = new Date(created.getTime() + DAY);
  await db.$transaction(async (tx) => {
    const stages = await tx.requestStage.count({ where: { requestId } });
    await tx.accessRequest.update({
      where: { id: requestId },
      data: { createdAt: created, deadlineAt: new Date(created.getTime() + DAY * stages * 2) },
    });
    await tx.requestStage.updateMany({
      where: { requestId, status: "OPEN" },
      data: { deadlineAt: stageDeadline },
    });
    await tx.requestApprover.updateMany({ where: { requestId }, data: { createdAt: created } });
    await scheduleJob(
      tx,
      "requests.deadline",
      { requestId },
      { runAt: stageDeadline, jobKey: requestDeadlineJobKey(requestId) },
    );
  });
}

async function seedCampaigns(admin: SessionUser, adminLedger: LedgerActor, manager: SessionUser, demo: Demo) {
  const caller = { ...callerOf(admin), ledger: adminLedger };
  const reviewer = callerOf(manager);
  const base = defaultsFor("MANAGER_ACCESS");
  const scope = { ...base.scope, departments: ["Engineering"] };

  // Closed last: privileged access, one revoke the target system refused to remove.
  const closed = await createDefinition(caller, {
    name: "Privileged access review — Engineering",
    settings: {
      ...base,
      scope: { ...scope, privilegedOnly: true },
      recurrence: "NONE",
      fallbackReviewerId: demo.fallbackId,
    },
  });
  const past = await launchCampaign(caller, closed.id);
  const pastItems = await myItems(past.id, manager.actorId!);
  if (pastItems.length) {
    const [revoke, ...keep] = pastItems;
    for (const id of keep.slice(0, 3))
      await decideItems(reviewer, { itemIds: [id], decision: "ACCEPT", reason: "Still on the on-call rota" });
    await decideItems(reviewer, {
      itemIds: [revoke],
      decision: "REVOKE",
      reason: "Moved off the payments platform team",
    });
    await confirmRemediation(caller, {
      itemId: revoke,
      state: "FAILED",
      note: "The connector could not remove the group membership: access denied for the sync account",
    });
  }
  await closeCampaign(adminLedger, past.id);

  // Running now: the quarter's human-access review; the manager has decided some of theirs.
  const running = await createDefinition(caller, {
    name: "Quarterly access review — Engineering",
    settings: { ...base, scope, dueAt: new Date(Date.now() + 10 * DAY), fallbackReviewerId: demo.fallbackId },
  });
  const now = await launchCampaign(caller, running.id);
  const items = await myItems(now.id, manager.actorId!);
  const standard = items.slice(0, 3);
  for (const id of standard)
    await decideItems(reviewer, { itemIds: [id], decision: "ACCEPT", reason: "Needed for their role" });
}

async function myItems(campaignId: string, reviewerId: string): Promise<string[]> {
  const rows = await db.reviewItem.findMany({
    where: { campaignId, reviewerId, decision: null },
    orderBy: [{ priority: "desc" }, { id: "asc" }],
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** The demo sponsor's agents: one running a session with proposals waiting, one overdue for attestation. */
async function seedAgentWork(sponsorId: string) {
  const agents = await db.agentProfile.findMany({
    where: { sponsorId, actor: { status: "ACTIVE" } },
    orderBy: { actor: { displayName: "asc" } },
    select: { actorId: true, actor: { select: { displayName: true } } },
  });
  if (agents.length === 0) return;
  const [running, ...rest] = agents;
  // Attested long ago: past the interval and its grace.
  const overdue = rest[0] ?? running;
  await db.agentProfile.update({
    where: { actorId: overdue.actorId },
    data: {
      lastAttestedAt: new Date(Date.now() - (ATTESTATION_INTERVAL_DAYS + ATTESTATION_GRACE_DAYS + 26) * DAY),
    },
  });
  // A working day's session, so the demo still shows it hours after `npm start`.
  await db.agentProfile.update({ where: { actorId: running.actorId }, data: { maxSessionTtlMinutes: 480 } });
  const client = await createActorClient({
    actorId: running.actorId,
    name: `${running.actor.displayName} runtime`,
  });
  const opened = await openSession(
    { clientId: client.clientId, clientSecret: client.clientSecret },
    { task: "Triage the support queue and draft replies", ttl_minutes: 480 },
    "seed",
  );
  const sessionId = opened.ok ? opened.sessionId : null;
  const agent = { id: running.actorId, name: running.actor.displayName, sessionId, onBehalfOfId: null };
  const proposals = [
    {
      action: "close",
      resource: { type: "ticket", id: "SUP-4821" },
      reason: "Customer confirmed the fix; closing with a summary",
    },
    {
      action: "refund",
      resource: { type: "payment", id: "pi_3QxT9" },
      reason: "Duplicate charge on the customer's card, 49.00 EUR",
    },
    {
      action: "send",
      resource: { type: "email", id: "draft-1187" },
      reason: "Reply to an enterprise customer's escalation",
    },
  ];
  for (const p of proposals) {
    const { proposalId } = await propose(agent, p);
    // Demo proposals wait for the session's working day instead of the hour a live one gets.
    const expiresAt = new Date(Date.now() + 8 * HOUR);
    await db.$transaction(async (tx) => {
      await tx.agentProposal.update({ where: { id: proposalId }, data: { expiresAt } });
      await scheduleJob(
        tx,
        "proposals.expire",
        { id: proposalId },
        { runAt: expiresAt, jobKey: `proposal-expire:${proposalId}`, maxAttempts: 5 },
      );
    });
  }
}
