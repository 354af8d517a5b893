import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { whoHadAccess } from "@/lib/audit/access-at";
import { makeHuman, uid } from "../support/factories";

const day = (n: number) => new Date(Date.UTC(2026, 5, n));

describe("who had access to a resource on a date", () => {
  it("includes grants since expired or revoked, and leaves out those not yet granted or already ended", async () => {
    const resource = await db.resource.create({
      data: { name: `ledger-db-${uid()}`, kind: "APPLICATION", externalId: uid(), sourceSystem: "test" },
    });
    const ent = await db.entitlement.create({
      data: { resourceId: resource.id, name: "admin", privileged: true },
    });
    const [a, b, c, d] = await Promise.all([makeHuman(), makeHuman(), makeHuman(), makeHuman()]);
    const active = await db.grant.create({
      data: { actorId: a.id, entitlementId: ent.id, source: "BIRTHRIGHT", grantedAt: day(1) },
    });
    const expired = await db.grant.create({
      data: {
        actorId: b.id,
        entitlementId: ent.id,
        source: "JIT",
        grantedAt: day(5),
        expiresAt: day(12),
        status: "EXPIRED",
      },
    });
    const revoked = await db.grant.create({
      data: { actorId: c.id, entitlementId: ent.id, source: "REQUEST", grantedAt: day(2), status: "REVOKED" },
    });
    await db.revocation.create({
      data: {
        actorId: c.id,
        grantId: revoked.id,
        method: "CAMPAIGN_REVOKE",
        reason: "not needed",
        requestedAt: day(14),
        completedAt: day(15),
      },
    });
    await db.grant.create({
      data: { actorId: d.id, entitlementId: ent.id, source: "REQUEST", grantedAt: day(20) },
    });

    const on10 = await whoHadAccess(resource.id, day(10));
    expect(on10.rows.map((r) => r.grantId).sort()).toEqual([active.id, expired.id, revoked.id].sort());
    expect(on10.rows.find((r) => r.grantId === revoked.id)).toMatchObject({
      endedHow: "CAMPAIGN_REVOKE",
      statusNow: "REVOKED",
    });
    expect(on10.rows.find((r) => r.grantId === expired.id)).toMatchObject({ endedHow: "EXPIRY" });

    const on16 = await whoHadAccess(resource.id, day(16));
    expect(on16.rows.map((r) => r.grantId)).toEqual([active.id]);
  });
});
