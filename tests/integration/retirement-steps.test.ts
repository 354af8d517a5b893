import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { completeRetirementStep, startRetirement } from "@/lib/retirement/mutations";
import { createActorClient } from "@/lib/tokens/clients";
import { callerFor, makeNhi, makePerson } from "./ownership-support";

async function nhiWithAccess() {
  const owner = await makePerson();
  const nhi = await makeNhi({ ownerId: owner.id });
  await db.credential.createMany({
    data: [
      { actorId: nhi.id, kind: "STATIC_KEY", label: "key 1", fingerprint: "SHA256:aaaa" },
      { actorId: nhi.id, kind: "CERTIFICATE", label: "cert", fingerprint: "SHA256:bbbb" },
    ],
  });
  const resource = await db.resource.create({
    data: {
      name: `res-${nhi.id.slice(0, 6)}`,
      kind: "API",
      externalId: `res-${nhi.id}`,
      sourceSystem: "test",
    },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: "write" } });
  await db.grant.create({ data: { actorId: nhi.id, entitlementId: ent.id, source: "IMPORT" } });
  await createActorClient({ actorId: nhi.id });
  return { owner, nhi };
}

describe("retiring an NHI", () => {
  it("cannot skip steps and reaches RETIRED only when every step is done", async () => {
    const { owner, nhi } = await nhiWithAccess();
    const me = callerFor(owner.id);
    await expect(completeRetirementStep(me, { actorId: nhi.id, step: "DISABLE" })).rejects.toThrow(
      /not started/,
    );
    await startRetirement(me, { actorId: nhi.id, reason: "Service decommissioned" });
    await expect(startRetirement(me, { actorId: nhi.id, reason: "again please" })).rejects.toThrow(
      /already started/,
    );
    await expect(completeRetirementStep(me, { actorId: nhi.id, step: "ARCHIVE" })).rejects.toThrow(
      /complete “Disable” before “Archive”/,
    );
    await expect(completeRetirementStep(me, { actorId: nhi.id, step: "REMOVE_GRANTS" })).rejects.toThrow(
      /in order/,
    );

    await completeRetirementStep(me, { actorId: nhi.id, step: "DISABLE" });
    expect((await db.actor.findUniqueOrThrow({ where: { id: nhi.id } })).status).toBe("OFFBOARDING");
    expect(await db.apiClient.count({ where: { actorId: nhi.id, revokedAt: null } })).toBe(0);
    await expect(completeRetirementStep(me, { actorId: nhi.id, step: "DISABLE" })).rejects.toThrow(
      /already done/,
    );

    await completeRetirementStep(me, { actorId: nhi.id, step: "REVOKE_CREDENTIALS" });
    expect(await db.credential.count({ where: { actorId: nhi.id, revokedAt: null } })).toBe(0);
    await completeRetirementStep(me, { actorId: nhi.id, step: "REMOVE_GRANTS" });
    expect(await db.grant.count({ where: { actorId: nhi.id, status: "ACTIVE" } })).toBe(0);
    await expect(completeRetirementStep(me, { actorId: nhi.id, step: "ARCHIVE" })).rejects.toThrow(
      /Confirm in the target system/,
    );
    await completeRetirementStep(me, {
      actorId: nhi.id,
      step: "CONFIRM_TARGET",
      evidence: "https://tickets.example/CHG-1234 account deleted",
    });
    expect((await db.actor.findUniqueOrThrow({ where: { id: nhi.id } })).status).toBe("OFFBOARDING");
    const done = await completeRetirementStep(me, { actorId: nhi.id, step: "ARCHIVE" });
    expect(done.retired).toBe(true);
    expect((await db.actor.findUniqueOrThrow({ where: { id: nhi.id } })).status).toBe("RETIRED");

    const steps = await db.revocation.findMany({
      where: { actorId: nhi.id, method: "RETIREMENT", step: { not: null } },
      orderBy: { completedAt: "asc" },
    });
    expect(steps.map((s) => s.step)).toEqual([
      "DISABLE",
      "REVOKE_CREDENTIALS",
      "REMOVE_GRANTS",
      "CONFIRM_TARGET",
      "ARCHIVE",
    ]);
    expect(steps.every((s) => s.completedAt && s.requestedById === owner.id)).toBe(true);
    expect(steps[3].evidence).toContain("CHG-1234");
    // one revocation per credential and grant, plus the steps
    expect(await db.revocation.count({ where: { actorId: nhi.id, method: "RETIREMENT", step: null } })).toBe(
      3,
    );
    expect(
      await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: { startsWith: "nhi.retire" } } }),
    ).toBe(6);
  });

  it("is only for the owner (or an admin)", async () => {
    const { nhi } = await nhiWithAccess();
    const stranger = await makePerson();
    await expect(
      startRetirement(callerFor(stranger.id), { actorId: nhi.id, reason: "not mine" }),
    ).rejects.toThrow(/do not own/);
    await startRetirement(callerFor(null, true), { actorId: nhi.id, reason: "admin retires it" });
  });

  it("two people completing the same step at once: one succeeds", async () => {
    const { owner, nhi } = await nhiWithAccess();
    await startRetirement(callerFor(owner.id), { actorId: nhi.id, reason: "race" });
    const results = await Promise.allSettled([
      completeRetirementStep(callerFor(owner.id), { actorId: nhi.id, step: "DISABLE" }),
      completeRetirementStep(callerFor(null, true), { actorId: nhi.id, step: "DISABLE" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});
