import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/generated/prisma/enums";
import { cardsFor, WORK_CARDS } from "@/lib/my-work/cards";
import { recentDenies } from "@/lib/my-work/audit";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeActor, makeHuman, makeUser, uid } from "../support/factories";

const DAY = 86_400_000;
// Cards of the whole organisation, for the roles that watch it (auditor, admin): not per person.
const ORG_WIDE = new Set([
  "failed-jobs",
  "checkpoint",
  "ledger-integrity",
  "recent-denies",
  "campaigns-unresolved",
]);
const PERSONAL_ROLES: Role[] = ["MANAGER", "SERVICE_OWNER", "AGENT_SPONSOR", "AUDITOR"];

async function sessionFor(roles: Role[], actorId: string): Promise<SessionUser> {
  const { user } = await makeUser(roles, { actorId });
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles,
    actorId,
    sessionId: "test",
    mfa: true,
    mfaAt: null,
    mustChangePassword: false,
  };
}

/** One item of every personal card's queue, belonging to this person; returns their ids by card. */
async function workOf(person: { id: string }, userId: string): Promise<Record<string, string>> {
  const now = Date.now();
  const requester = await makeHuman();
  const resource = await db.resource.create({
    data: { name: `app-${uid()}`, kind: "APPLICATION", externalId: `mw-${uid()}`, sourceSystem: "test" },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: `role-${uid()}` } });
  const request = await db.accessRequest.create({
    data: {
      requesterId: requester.id,
      subjectId: requester.id,
      entitlementId: ent.id,
      justification: "my-work test",
      status: "PENDING",
    },
  });
  const stage = await db.requestStage.create({
    data: {
      requestId: request.id,
      position: 1,
      mode: "ANY",
      status: "OPEN",
      deadlineAt: new Date(now + DAY),
    },
  });
  await db.requestApprover.create({
    data: { stageId: stage.id, requestId: request.id, approverId: person.id, role: "MANAGER", open: true },
  });

  const report = await makeHuman({ managerId: person.id });
  const grant = await db.grant.create({
    data: {
      actorId: report.id,
      entitlementId: ent.id,
      source: "REQUEST",
      expiresAt: new Date(now + 2 * DAY),
    },
  });
  const campaign = await db.campaign.create({
    data: {
      name: `mw-${uid()}`,
      type: "HUMAN_ACCESS",
      reviewerStrategy: "MANAGER",
      status: "ACTIVE",
      dueAt: new Date(now + 7 * DAY),
      launchedAt: new Date(),
    },
  });
  const item = await db.reviewItem.create({
    data: {
      campaignId: campaign.id,
      actorId: report.id,
      grantId: grant.id,
      entitlementId: ent.id,
      reviewerId: person.id,
    },
  });

  const agent = await makeActor("AGENT", { sponsorId: person.id });
  const proposal = await db.agentProposal.create({
    data: {
      agentId: agent.id,
      action: "close",
      resource: "ticket:1",
      reason: "my-work test",
      expiresAt: new Date(now + 3_600_000),
    },
  });
  const session = await db.agentSession.create({
    data: { agentId: agent.id, task: "my-work test", expiresAt: new Date(now + 3_600_000) },
  });
  const stale = await makeActor("AGENT", { sponsorId: person.id });
  await db.agentProfile.update({
    where: { actorId: stale.id },
    data: { lastAttestedAt: new Date(now - 200 * DAY) },
  });
  const orphanAgent = await makeActor("AGENT");
  await db.agentProfile.update({ where: { actorId: orphanAgent.id }, data: { pendingSponsorId: person.id } });

  const leaverNhi = await makeActor("NHI");
  await db.nhiProfile.update({
    where: { actorId: leaverNhi.id },
    data: { pendingOwnerId: person.id, claimStatus: "ORPHANED" },
  });
  const handed = await makeActor("NHI");
  const transfer = await db.ownershipTransfer.create({
    data: { actorId: handed.id, toId: person.id, reason: "my-work test" },
  });
  const overdue = await makeActor("NHI", { ownerId: person.id });
  await db.nhiProfile.update({
    where: { actorId: overdue.id },
    data: { rotationPeriodDays: 90, rotationDueAt: new Date(now - 5 * DAY) },
  });
  const credential = await db.credential.create({
    data: {
      actorId: overdue.id,
      kind: "STATIC_KEY",
      label: "access key",
      fingerprint: `fp-${uid()}`,
      expiresAt: new Date(now + 10 * DAY),
    },
  });
  const retiring = await makeActor("NHI", { ownerId: person.id });
  await db.revocation.create({
    data: { actorId: retiring.id, method: "RETIREMENT", step: "ARCHIVE", reason: "my-work test" },
  });
  const view = await db.explorerView.create({
    data: { userId, name: `view-${uid()}`, query: "decision=DENY" },
  });

  return {
    approvals: request.id,
    reviews: item.id,
    proposals: proposal.id,
    "agent-sessions": session.id,
    "agents-past-attestation": stale.id,
    "agents-awaiting-sponsor": orphanAgent.id,
    "leaver-nhis": leaverNhi.id,
    "reports-expiring": grant.id,
    transfers: transfer.id,
    rotations: overdue.id,
    "credentials-expiring": credential.id,
    retirements: retiring.id,
    "saved-views": view.id,
  };
}

describe("My work", () => {
  it("gives a person with two roles the cards of both, each once, most urgent first", async () => {
    const me = await makeHuman();
    const user = await sessionFor(["MANAGER", "AGENT_SPONSOR"], me.id);
    const cards = cardsFor(user);
    const ids = cards.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ["approvals", "reviews", "leaver-nhis", "reports-expiring"]) expect(ids).toContain(id);
    for (const id of ["proposals", "agent-sessions", "agents-past-attestation", "agents-awaiting-sponsor"])
      expect(ids).toContain(id);
    expect(ids).not.toContain("rotations");
    expect(ids).not.toContain("failed-jobs");
    const urgency = cards.map((c) => c.urgency);
    expect(urgency).toEqual([...urgency].sort((a, b) => a - b));

    // Both roles' work shows on the one page.
    const mine = await workOf(me, user.id);
    const load = (id: string) => cards.find((c) => c.id === id)!.load(user, new Date());
    expect((await load("approvals")).items.map((i) => i.id)).toEqual([mine.approvals]);
    expect((await load("proposals")).items.map((i) => i.id)).toEqual([mine.proposals]);
  });

  it("never counts or lists another person's items on any personal card", async () => {
    const [me, other] = [await makeHuman(), await makeHuman()];
    const [user, otherUser] = [
      await sessionFor(PERSONAL_ROLES, me.id),
      await sessionFor(PERSONAL_ROLES, other.id),
    ];
    const mine = await workOf(me, user.id);
    const theirs = await workOf(other, otherUser.id);
    const now = new Date();
    const personal = WORK_CARDS.filter((c) => !ORG_WIDE.has(c.id));
    expect(personal.map((c) => c.id).sort()).toEqual(Object.keys(mine).sort());
    for (const card of personal) {
      const data = await card.load(user, now);
      const shown = data.items.map((i) => i.id);
      expect(data.count, `${card.id} counts only my item`).toBe(1);
      expect(shown, `${card.id} lists my item`).toContain(mine[card.id]);
      expect(shown, `${card.id} does not list theirs`).not.toContain(theirs[card.id]);
    }
  });

  it("lists the requests to approve oldest first, with their stage deadline", async () => {
    const me = await makeHuman();
    const user = await sessionFor(["MANAGER"], me.id);
    const first = await workOf(me, user.id);
    const second = await workOf(me, user.id);
    await db.requestApprover.updateMany({
      where: { requestId: second.approvals },
      data: { createdAt: new Date(Date.now() - 3 * 3_600_000) },
    });
    const card = await WORK_CARDS.find((c) => c.id === "approvals")!.load(user, new Date());
    expect(card.count).toBe(2);
    expect(card.items.map((i) => i.id)).toEqual([second.approvals, first.approvals]);
    expect(card.items[0].due).toBeInstanceOf(Date);
  });

  it("counts a co-owned NHI's overdue rotation on the co-owner's card, not a stranger's", async () => {
    const [owner, coOwner, stranger] = [await makeHuman(), await makeHuman(), await makeHuman()];
    const nhi = await makeActor("NHI", { ownerId: owner.id });
    await db.nhiProfile.update({
      where: { actorId: nhi.id },
      data: { rotationPeriodDays: 90, rotationDueAt: new Date(Date.now() - DAY) },
    });
    await db.nhiCoOwner.create({ data: { actorId: nhi.id, ownerId: coOwner.id } });
    const card = WORK_CARDS.find((c) => c.id === "rotations")!;
    const co = await card.load(await sessionFor(["SERVICE_OWNER"], coOwner.id), new Date());
    expect(co.count).toBe(1);
    expect(co.items.map((i) => i.id)).toEqual([nhi.id]);
    const other = await card.load(await sessionFor(["SERVICE_OWNER"], stranger.id), new Date());
    expect(other.count).toBe(0);
  });
});

describe("the denied-decisions card", () => {
  it("lists a deny made through the decision path, from the decision records", async () => {
    await ensureStarterPolicies();
    const person = await makeHuman();
    const denied = await evaluateAndLog(
      { id: "my-work-pep", name: "my-work pep" },
      {
        subject: { type: "human", id: person.id },
        action: { name: "readData" },
        resource: { type: "entitlement", id: "00000000-0000-4000-8000-000000000001" },
      },
    );
    expect(denied.decision).toBe("deny");
    const card = await recentDenies();
    expect(card.count).toBeGreaterThan(0);
    expect(card.items.map((i) => i.label)).toContainEqual(`${person.displayName} · readData · entitlement`);
  });
});
