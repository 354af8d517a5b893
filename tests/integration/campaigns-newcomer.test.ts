import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { runDueJobs } from "@/lib/jobs/runner";
import { claimIdentities, decideClaim } from "@/lib/ownership/claims";
import { decideTransfer, requestTransfer } from "@/lib/ownership/transfers";
import { newcomerJobKey, runNewcomerReview } from "@/lib/campaigns/newcomer";
import { decideItems } from "@/lib/campaigns/decide";
import { callerFor, makeAgent, makeNhi, makePerson } from "./ownership-support";
import { callerWith, grant, resource } from "./campaigns-support";

// A change of owner or sponsor starts a small review for the newcomer, scheduled on the job
// queue in the change's own transaction.

const pendingJobs = async (actorId: string) =>
  (
    await db.$queryRaw<Array<{ n: number }>>`
      SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE key = ${newcomerJobKey(actorId)}`
  )[0].n;

const reviewsOf = (actorId: string) =>
  db.campaign.findMany({
    where: { scope: { path: ["newcomerOf"], equals: actorId } },
    include: { items: true },
  });

describe("newcomer review", () => {
  it("an accepted NHI hand-over schedules a review for the receiver, due within the configured days", async () => {
    const manager = await makePerson();
    const owner = await makePerson();
    const receiver = await makePerson({ managerId: manager.id });
    const nhi = await makeNhi({ ownerId: owner.id });
    const app = await resource();
    const g = await grant(nhi.id, app.entitlements[0].id);

    const { transferId } = await requestTransfer(callerFor(owner.id), {
      actorId: nhi.id,
      toId: receiver.id,
      reason: "moving to the platform team",
    });
    expect(await pendingJobs(nhi.id)).toBe(0);
    await decideTransfer(callerFor(receiver.id), { transferId, decision: "ACCEPT" });
    expect(await pendingJobs(nhi.id)).toBe(1);
    await runDueJobs();
    expect(await pendingJobs(nhi.id)).toBe(0);

    const [review, ...more] = await reviewsOf(nhi.id);
    expect(more).toHaveLength(0);
    expect(review.type).toBe("NHI_OWNERSHIP");
    expect(review.status).toBe("ACTIVE");
    expect(review.fallbackReviewerId).toBe(manager.id);
    const days = (review.dueAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13);
    expect(days).toBeLessThanOrEqual(14);
    expect(review.items.map((i) => [i.grantId, i.reviewerId]).sort()).toEqual(
      [
        [g.id, receiver.id],
        [null, receiver.id],
      ].sort(),
    );
    expect(await db.inboxMessage.count({ where: { recipientId: receiver.id, link: "/reviews" } })).toBe(1);

    // Running the job again (a retry) does not start a second review.
    await runNewcomerReview({ actorId: nhi.id, newcomerId: receiver.id });
    expect(await reviewsOf(nhi.id)).toHaveLength(1);

    // The newcomer attests: the NHI's "last attested" is set.
    const reviewer = await callerWith(["SERVICE_OWNER"], receiver.id);
    const attest = review.items.find((i) => i.grantId === null)!;
    await decideItems(reviewer, {
      itemIds: [attest.id],
      decision: "ACCEPT",
      reason: "I run this service now",
    });
    expect(
      (await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).lastAttestedAt,
    ).not.toBeNull();
  });

  it("an approved agent sponsorship claim schedules a review for the new sponsor; a stale job does nothing", async () => {
    const admin = await makePerson();
    const sponsor = await makePerson();
    const agent = await makeAgent();
    await db.actor.update({ where: { id: agent.id }, data: { status: "SUSPENDED" } });
    const [claim] = await claimIdentities(callerFor(sponsor.id), {
      actorIds: [agent.id],
      justification: "I run the support bot's runtime",
    });
    expect(await pendingJobs(agent.id)).toBe(0);
    await decideClaim(callerFor(admin.id, true), { claimId: claim.claimId, decision: "APPROVE" });
    expect(await pendingJobs(agent.id)).toBe(1);
    await runDueJobs();
    const [review] = await reviewsOf(agent.id);
    expect(review.type).toBe("AGENT_PERMISSIONS");
    expect(review.items.map((i) => i.reviewerId)).toEqual([sponsor.id]);

    // A job for someone who is no longer the sponsor (the change moved on) starts nothing.
    const other = await makePerson();
    expect(await runNewcomerReview({ actorId: agent.id, newcomerId: other.id })).toBeNull();
    expect(await reviewsOf(agent.id)).toHaveLength(1);
  });
});
