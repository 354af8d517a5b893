import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { breakGlass, breakGlassDeadlineJob, ratifyBreakGlass } from "@/lib/requests/break-glass";
import { listUnratifiedBreakGlass } from "@/lib/requests/queries";
import { makeActor, makeHuman } from "@/tests/support/factories";
import { allowNextCode, makeEntitlement, signedIn } from "./requests-support";

beforeAll(async () => {
  await ensureStarterPolicies();
});

async function admins() {
  const a = await makeHuman({ name: "Admin A" });
  const b = await makeHuman({ name: "Admin B" });
  return { a, b, userA: await signedIn(["ADMIN"], a.id), userB: await signedIn(["ADMIN"], b.id) };
}

describe("break-glass", () => {
  it("grants at once; another admin ratifies it, never the one who broke the glass", async () => {
    const t = await admins();
    const ent = await makeEntitlement({ privileged: true });
    const out = await breakGlass(t.userA, {
      entitlementId: ent.id,
      durationMinutes: 120,
      justification: "database down, on-call fix",
      stepUpCode: t.userA.totp(),
    });
    const grant = await db.grant.findUniqueOrThrow({ where: { id: out.grantId } });
    expect(grant).toMatchObject({ status: "ACTIVE", source: "JIT" });
    expect((await listUnratifiedBreakGlass(100)).some((i) => i.id === out.requestId)).toBe(true);
    await expect(ratifyBreakGlass(await t.userA.fresh(), { requestId: out.requestId })).rejects.toThrow(
      /Another admin/,
    );
    await ratifyBreakGlass(t.userB, { requestId: out.requestId, stepUpCode: t.userB.totp() });
    await expect(ratifyBreakGlass(await t.userB.fresh(), { requestId: out.requestId })).rejects.toThrow(
      /already ratified/,
    );
    expect(
      await breakGlassDeadlineJob({ requestId: out.requestId }, new Date(Date.now() + 2 * 3600_000)),
    ).toBe(0);
    expect((await db.grant.findUniqueOrThrow({ where: { id: out.grantId } })).status).toBe("ACTIVE");
  });

  it("an unratified break-glass is revoked at its deadline and stays a finding", async () => {
    const t = await admins();
    const ent = await makeEntitlement();
    const out = await breakGlass(t.userA, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "incident INC-7 needs it now",
      stepUpCode: t.userA.totp(),
    });
    expect(await breakGlassDeadlineJob({ requestId: out.requestId })).toBe(0); // deadline not reached
    expect(
      await breakGlassDeadlineJob({ requestId: out.requestId }, new Date(Date.now() + 61 * 60_000)),
    ).toBe(1);
    const grant = await db.grant.findUniqueOrThrow({
      where: { id: out.grantId },
      include: { revocations: true },
    });
    expect(grant.status).toBe("REVOKED");
    expect(grant.revocations[0].reason).toMatch(/not ratified/);
    const finding = (await listUnratifiedBreakGlass(100)).find((i) => i.id === out.requestId);
    expect(finding?.grants.every((g) => g.status !== "ACTIVE")).toBe(true);
    await allowNextCode(t.userB.id);
    await expect(
      ratifyBreakGlass(t.userB, { requestId: out.requestId, stepUpCode: t.userB.totp() }),
    ).rejects.toThrow(/Too late/);
  });

  it("is never for agents, never longer than 4 hours, and needs a step-up", async () => {
    const t = await admins();
    const ent = await makeEntitlement();
    const agent = await makeActor("AGENT", { sponsorId: t.a.id });
    await expect(
      breakGlass(t.userA, {
        entitlementId: ent.id,
        subjectId: agent.id,
        durationMinutes: 60,
        justification: "let the agent fix it",
      }),
    ).rejects.toThrow(/never available for agents/);
    await expect(
      breakGlass(t.userA, { entitlementId: ent.id, durationMinutes: 600, justification: "a long emergency" }),
    ).rejects.toThrow(/at most 4 hours/);
    await expect(
      breakGlass(t.userA, { entitlementId: ent.id, durationMinutes: 60, justification: "no code given" }),
    ).rejects.toMatchObject({ code: "step_up_required" });
    expect(await db.accessRequest.count({ where: { requesterId: t.a.id } })).toBe(0);
  });
});
