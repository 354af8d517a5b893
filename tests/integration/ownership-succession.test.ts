import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { acceptSuccession, offboardOwner, runSuccessionSweep } from "@/lib/ownership/succession";
import { verifyLedger } from "@/lib/ledger/verify";
import { callerFor, makeAgent, makeNhi, makePerson, makeTeam } from "./ownership-support";

describe("succession when an owner is offboarded", () => {
  it("moves their NHIs to the manager as pending owner (ORPHANED) and suspends their agents", async () => {
    const manager = await makePerson({ name: "Mona Manager" });
    const leaver = await makePerson({ managerId: manager.id });
    const nhis = await Promise.all([makeNhi({ ownerId: leaver.id }), makeNhi({ ownerId: leaver.id })]);
    const agent = await makeAgent(leaver.id);
    const firstSeq =
      ((await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n) + 1n;
    const result = await offboardOwner(callerFor(null, true), leaver.id, "Left the company");
    expect(result).toMatchObject({
      successorId: manager.id,
      via: "manager",
      orphanedNhis: 2,
      suspendedAgents: 1,
    });
    for (const n of nhis) {
      const p = await db.nhiProfile.findUniqueOrThrow({ where: { actorId: n.id } });
      expect(p).toMatchObject({ claimStatus: "ORPHANED", ownerId: null, pendingOwnerId: manager.id });
      expect(await db.logEntry.count({ where: { target: `actor:${n.id}`, action: "nhi.orphaned" } })).toBe(1);
    }
    const a = await db.actor.findUniqueOrThrow({ where: { id: agent.id }, include: { agent: true } });
    expect(a.status).toBe("SUSPENDED");
    expect(a.agent).toMatchObject({ sponsorId: null, pendingSponsorId: manager.id });
    expect((await db.actor.findUniqueOrThrow({ where: { id: leaver.id } })).status).toBe("OFFBOARDING");
    expect(await db.inboxMessage.count({ where: { recipientId: manager.id } })).toBe(3);

    // Nothing stays orphaned once the manager accepts.
    const accepted = await acceptSuccession(callerFor(manager.id), [...nhis.map((n) => n.id), agent.id]);
    expect(accepted.accepted).toBe(3);
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhis[0].id } })).claimStatus).toBe(
      "OWNED",
    );
    expect((await db.actor.findUniqueOrThrow({ where: { id: agent.id } })).status).toBe("ACTIVE");
    // The entries this test wrote chain correctly (other tests tamper with older rows on purpose).
    expect((await verifyLedger(firstSeq)).ok).toBe(true);
  });

  it("falls back to the team lead when there is no manager, and never to the leaver", async () => {
    const lead = await makePerson();
    const team = await makeTeam(lead.id);
    const leaver = await makePerson({ teamId: team.id });
    const nhi = await makeNhi({ ownerId: leaver.id });
    const r = await offboardOwner(callerFor(null, true), leaver.id, "Contract ended");
    expect(r).toMatchObject({ successorId: lead.id, via: "team lead" });
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).pendingOwnerId).toBe(
      lead.id,
    );
    // someone else cannot accept on the lead's behalf
    await expect(acceptSuccession(callerFor((await makePerson()).id), [nhi.id])).rejects.toThrow(
      /Nothing here/,
    );
  });

  it("catches up leavers flagged elsewhere (SCIM) in the sweep, idempotently", async () => {
    const manager = await makePerson();
    const leaver = await makePerson({ managerId: manager.id });
    const nhi = await makeNhi({ ownerId: leaver.id });
    await db.actor.update({
      where: { id: leaver.id },
      data: { status: "OFFBOARDING", flaggedAt: new Date(), flaggedReason: "SCIM active=false" },
    });
    const first = await runSuccessionSweep();
    expect(first.nhis).toBeGreaterThanOrEqual(1);
    expect((await db.nhiProfile.findUniqueOrThrow({ where: { actorId: nhi.id } })).pendingOwnerId).toBe(
      manager.id,
    );
    await runSuccessionSweep();
    expect(await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: "nhi.orphaned" } })).toBe(1);
  });
});
