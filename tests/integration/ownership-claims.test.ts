import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { claimIdentities, decideClaim } from "@/lib/ownership/claims";
import { requestTransfer, decideTransfer, addCoOwner } from "@/lib/ownership/transfers";
import { callerFor, makeAgent, makeNhi, makePerson, makeTeam } from "./ownership-support";

const justification = "I run the payments pipeline that uses this account.";

describe("claiming NHIs", () => {
  it("lets exactly one of two simultaneous claimants win; the other gets a clear conflict", async () => {
    const team = await makeTeam();
    const a = await makePerson({ teamId: team.id });
    const b = await makePerson({ teamId: team.id });
    const nhi = await makeNhi();
    const results = await Promise.allSettled([
      claimIdentities(callerFor(a.id), { actorIds: [nhi.id], justification }),
      claimIdentities(callerFor(b.id), { actorIds: [nhi.id], justification }),
    ]);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(String((lost[0] as PromiseRejectedResult).reason.message)).toMatch(
      /claimed by someone else meanwhile/,
    );
    expect(await db.ownershipClaim.count({ where: { actorId: nhi.id } })).toBe(1);
    const profile = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } });
    expect(profile.claimStatus).toBe("CLAIM_PENDING");
  });

  it("survives a crowd: ten claimants, one claim row", async () => {
    const nhi = await makeNhi();
    const people = await Promise.all(Array.from({ length: 10 }, () => makePerson()));
    const results = await Promise.allSettled(
      people.map((p) => claimIdentities(callerFor(p.id), { actorIds: [nhi.id], justification })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.ownershipClaim.count({ where: { actorId: nhi.id } })).toBe(1);
  });

  it("auto-approves when the claimant's team already owns the platform account, else waits for an admin", async () => {
    const team = await makeTeam();
    const owner = await makePerson({ teamId: team.id });
    const claimant = await makePerson({ teamId: team.id });
    await makeNhi({ ownerId: owner.id, teamId: team.id, platform: "GCP", account: "prod-123" });
    const sibling = await makeNhi({ platform: "GCP", account: "prod-123" });
    const stranger = await makeNhi({ platform: "GCP", account: "other-999" });
    const outcome = await claimIdentities(callerFor(claimant.id), {
      actorIds: [sibling.id, stranger.id],
      justification,
    });
    const byId = Object.fromEntries(outcome.map((o) => [o.actorId, o]));
    expect(byId[sibling.id].status).toBe("APPROVED");
    expect(byId[stranger.id].status).toBe("PENDING");
    const s = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: sibling.id } });
    expect(s).toMatchObject({ claimStatus: "OWNED", ownerId: claimant.id });
    expect(s.ownerSince).toBeInstanceOf(Date);
    expect(await db.logEntry.count({ where: { target: `actor:${sibling.id}`, action: "nhi.claimed" } })).toBe(
      1,
    );
    expect(
      await db.logEntry.count({ where: { target: `actor:${stranger.id}`, action: "nhi.claim_requested" } }),
    ).toBe(1);
  });

  it("bulk-claims three, an admin approves one and rejects one with a reason the claimant sees", async () => {
    const claimant = await makePerson();
    const admin = await makePerson();
    const nhis = await Promise.all([makeNhi(), makeNhi(), makeNhi()]);
    const out = await claimIdentities(callerFor(claimant.id), {
      actorIds: nhis.map((n) => n.id),
      justification,
    });
    expect(out.every((o) => o.status === "PENDING")).toBe(true);
    await expect(
      decideClaim(callerFor(claimant.id, false), { claimId: out[0].claimId, decision: "APPROVE" }),
    ).rejects.toThrow(/security admin/);
    await expect(
      decideClaim(callerFor(claimant.id, true), { claimId: out[0].claimId, decision: "APPROVE" }),
    ).rejects.toThrow(/your own claim/);
    await decideClaim(callerFor(admin.id, true), { claimId: out[0].claimId, decision: "APPROVE" });
    await decideClaim(callerFor(admin.id, true), {
      claimId: out[1].claimId,
      decision: "REJECT",
      reason: "Belongs to the data team",
    });
    await expect(
      decideClaim(callerFor(admin.id, true), { claimId: out[1].claimId, decision: "APPROVE" }),
    ).rejects.toThrow(/already decided/);
    const approved = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: out[0].actorId } });
    const rejected = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: out[1].actorId } });
    expect(approved).toMatchObject({ claimStatus: "OWNED", ownerId: claimant.id });
    expect(rejected).toMatchObject({ claimStatus: "UNCLAIMED", ownerId: null });
    const inbox = await db.inboxMessage.findMany({
      where: { recipientId: claimant.id, kind: "claim.rejected" },
    });
    expect(inbox[0].body).toContain("Belongs to the data team");
  });

  it("refuses an already-owned NHI and rolls back the whole bulk claim", async () => {
    const claimant = await makePerson();
    const taken = await makeNhi({ ownerId: (await makePerson()).id });
    const free = await makeNhi();
    await expect(
      claimIdentities(callerFor(claimant.id), { actorIds: [free.id, taken.id], justification }),
    ).rejects.toThrow(/claimed by someone else/);
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: free.id } })).claimStatus).toBe(
      "UNCLAIMED",
    );
  });

  it("sponsoring an unsponsored agent goes through an admin and re-activates it", async () => {
    const claimant = await makePerson();
    const admin = await makePerson();
    const agent = await makeAgent();
    await db.actor.update({ where: { id: agent.id }, data: { status: "SUSPENDED" } });
    const [o] = await claimIdentities(callerFor(claimant.id), { actorIds: [agent.id], justification });
    await expect(
      claimIdentities(callerFor(admin.id), { actorIds: [agent.id], justification }),
    ).rejects.toThrow(/claimed by someone else/);
    await decideClaim(callerFor(admin.id, true), { claimId: o.claimId, decision: "APPROVE" });
    const after = await db.actor.findUniqueOrThrow({ where: { id: agent.id }, include: { agent: true } });
    expect(after.status).toBe("ACTIVE");
    expect(after.agent?.sponsorId).toBe(claimant.id);
  });
});

describe("hand-over", () => {
  it("transfers to a person who accepts; refuses departed or unknown receivers with the reason", async () => {
    const owner = await makePerson();
    const receiver = await makePerson();
    const gone = await makePerson();
    await db.actor.update({ where: { id: gone.id }, data: { status: "OFFBOARDING", flaggedAt: new Date() } });
    const nhi = await makeNhi({ ownerId: owner.id });
    await expect(
      requestTransfer(callerFor(owner.id), { actorId: nhi.id, toId: gone.id, reason: "moving teams" }),
    ).rejects.toThrow(/being offboarded/);
    await expect(
      requestTransfer(callerFor(owner.id), {
        actorId: nhi.id,
        toId: "00000000-0000-4000-8000-000000000000",
        reason: "moving teams",
      }),
    ).rejects.toThrow(/not a known person/);
    await expect(
      requestTransfer(callerFor(receiver.id), {
        actorId: nhi.id,
        toId: receiver.id,
        reason: "it is mine now",
      }),
    ).rejects.toThrow(/do not own it/);
    const { transferId } = await requestTransfer(callerFor(owner.id), {
      actorId: nhi.id,
      toId: receiver.id,
      reason: "moving teams",
    });
    await expect(decideTransfer(callerFor(owner.id), { transferId, decision: "ACCEPT" })).rejects.toThrow(
      /Only the receiver/,
    );
    await decideTransfer(callerFor(receiver.id), { transferId, decision: "ACCEPT" });
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).ownerId).toBe(receiver.id);
    expect(
      await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: "ownership.transferred" } }),
    ).toBe(1);
  });

  it("transfers to a team through its lead and adds co-owners", async () => {
    const lead = await makePerson();
    const team = await makeTeam(lead.id);
    const owner = await makePerson();
    const nhi = await makeNhi({ ownerId: owner.id });
    const { transferId } = await requestTransfer(callerFor(owner.id), {
      actorId: nhi.id,
      toTeamId: team.id,
      reason: "team owns it",
    });
    await decideTransfer(callerFor(lead.id), { transferId, decision: "ACCEPT" });
    const after = await db.actor.findUniqueOrThrow({ where: { id: nhi.id }, include: { nhi: true } });
    expect(after.teamId).toBe(team.id);
    expect(after.nhi?.ownerId).toBe(lead.id);
    await addCoOwner(callerFor(lead.id), { actorId: nhi.id, ownerId: owner.id });
    await expect(addCoOwner(callerFor(lead.id), { actorId: nhi.id, ownerId: owner.id })).rejects.toThrow(
      /already a co-owner/,
    );
    expect(await db.nhiCoOwner.count({ where: { actorId: nhi.id } })).toBe(1);
  });

  it("an admin confirms a suggested owner as a hand-over; a claim made meanwhile wins and the late accept is refused", async () => {
    const suggested = await makePerson();
    const other = await makePerson();
    const nhi = await makeNhi();
    const admin = callerFor(null, true);
    const { transferId } = await requestTransfer(admin, {
      actorId: nhi.id,
      toId: suggested.id,
      reason: "Suggested owner (Created it)",
    });
    await decideTransfer(callerFor(suggested.id), { transferId, decision: "ACCEPT" });
    expect(await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).toMatchObject({
      claimStatus: "OWNED",
      ownerId: suggested.id,
    });

    const nhi2 = await makeNhi();
    const offer = await requestTransfer(admin, {
      actorId: nhi2.id,
      toId: suggested.id,
      reason: "Suggested owner (Created it)",
    });
    await claimIdentities(callerFor(other.id), { actorIds: [nhi2.id], justification });
    await expect(
      decideTransfer(callerFor(suggested.id), { transferId: offer.transferId, decision: "ACCEPT" }),
    ).rejects.toThrow(/changed since this hand-over was offered/);
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi2.id } })).claimStatus).toBe(
      "CLAIM_PENDING",
    );
    expect((await db.ownershipTransfer.findUniqueOrThrow({ where: { id: offer.transferId } })).status).toBe(
      "PENDING",
    );
  });
});
