import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { getEntitlement, getResource } from "@/lib/inventory/resources";
import { HOLDER_CAP } from "@/lib/inventory/holders";
import { makeActor, makeHuman, uid } from "../support/factories";

// Holder counts by kind are exact up to HOLDER_CAP and a flagged lower bound past it. The
// thousand holders made here are retired NHIs, out of the lists other files read.

async function entitlement() {
  const resource = await db.resource.create({
    data: { name: `holders-${uid()}`, kind: "APPLICATION", externalId: uid(), sourceSystem: "test" },
  });
  return db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } });
}

describe("entitlement holders", () => {
  it("counts active holders by kind, exactly under the cap", async () => {
    const ent = await entitlement();
    const [a, b, n, gone] = await Promise.all([makeHuman(), makeHuman(), makeActor("NHI"), makeHuman()]);
    await db.grant.createMany({
      data: [a, b, n].map((x) => ({ actorId: x.id, entitlementId: ent.id, source: "BIRTHRIGHT" as const })),
    });
    await db.grant.create({
      data: { actorId: gone.id, entitlementId: ent.id, source: "BIRTHRIGHT", status: "REVOKED" },
    });
    const detail = await getEntitlement(ent.id);
    expect(detail?.breakdown).toEqual({ HUMAN: 2, NHI: 1, AGENT: 0, total: 3, capped: false });
    expect(detail?.total).toBe(3);
    const resource = await getResource(ent.resourceId);
    expect(resource?.entitlements[0].holders).toEqual({
      HUMAN: 2,
      NHI: 1,
      AGENT: 0,
      total: 3,
      capped: false,
    });
  });

  it("stops counting past the cap and says so", async () => {
    const ent = await entitlement();
    const tag = uid();
    await db.$executeRawUnsafe(
      `WITH a AS (
         INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "updatedAt")
         SELECT gen_random_uuid(), 'NHI', 'holder ' || g, $1 || '-' || g, 'holders-test', 'RETIRED', now() FROM generate_series(1, $2::int) g
         RETURNING id)
       INSERT INTO "Grant" (id, "actorId", "entitlementId", source, status)
       SELECT gen_random_uuid(), a.id, $3::uuid, 'BIRTHRIGHT', 'ACTIVE' FROM a`,
      tag,
      HOLDER_CAP + 5,
      ent.id,
    );
    const detail = await getEntitlement(ent.id);
    expect(detail?.breakdown.capped).toBe(true);
    expect(detail?.breakdown.total).toBe(HOLDER_CAP + 1);
    // The page's total counts grants alone, further than the split.
    expect(detail?.total).toBe(HOLDER_CAP + 5);
  });
});
