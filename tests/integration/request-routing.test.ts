import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { SessionUser } from "@/lib/auth/session";
import { openConsoleSession } from "@/lib/auth/sessions";
import { systemCaller } from "@/lib/actions/caller";
import { activateVersion, createPolicySet } from "@/lib/policy/mutations";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { decideRequest } from "@/lib/requests/decide";
import { submitRequest } from "@/lib/requests/submit";
import { makeHuman, uid } from "@/tests/support/factories";
import { makeEntitlement, signedIn } from "./requests-support";

// Routing as data, end to end: a privileged entitlement flagged for security sign-off goes
// through three stages (manager, resource owner, security admins); a policy that asks for
// "all of" puts both approvers in one stage that needs both.
const allOfName = `all-of-${uid()}`;

beforeAll(async () => {
  await ensureStarterPolicies();
  const by = systemCaller("test");
  const text = `@id("both-approve")\n@reason("payroll data: manager and owner both approve")\n@approval("all")\npermit (principal is Human, action == Action::"request", resource is Entitlement)\nwhen { resource.name == "${allOfName}" };\n`;
  const set = await createPolicySet(by, { name: `All of ${uid()}`, text });
  // It only matches its own entitlement name, so it may stay active for the other test files.
  await activateVersion(by, { versionId: set.versionId });
});

/** A fresh (just stepped-up) console session for an existing person's admin account. */
async function sessionOf(actorId: string): Promise<SessionUser> {
  const user = await db.user.findFirstOrThrow({
    where: { actorId, roles: { has: "ADMIN" }, disabledAt: null },
    select: { id: true, email: true, name: true, roles: true },
  });
  const mfaAt = new Date();
  const sessionId = await openConsoleSession(user.id, 3600, mfaAt);
  return { ...user, actorId, sessionId, mfa: true, mfaAt, mustChangePassword: false };
}

async function team() {
  const manager = await makeHuman({ name: "Manager" });
  const dev = await makeHuman({ name: "Developer", managerId: manager.id });
  const owner = await makeHuman({ name: "Resource owner" });
  // At least one security admin exists (older ones from other files may come first).
  await signedIn(["ADMIN"], (await makeHuman({ name: "Security admin" })).id);
  return {
    manager,
    dev,
    owner,
    devUser: await signedIn(["SERVICE_OWNER"], dev.id),
    managerUser: await signedIn(["MANAGER"], manager.id, { mfaAt: new Date() }),
    ownerUser: await signedIn(["AGENT_SPONSOR"], owner.id, { mfaAt: new Date() }),
  };
}

const stagesOf = (requestId: string) =>
  db.requestStage.findMany({
    where: { requestId },
    orderBy: { position: "asc" },
    select: { mode: true, status: true, approvers: { select: { approverId: true, role: true, open: true } } },
  });

describe("approval routing", () => {
  it("privileged + security sign-off: three stages, each decided in turn, then the grant", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, privileged: true });
    await db.entitlement.update({ where: { id: ent.id }, data: { securitySignOff: true } });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "rotate the HSM master key",
      stepUpCode: t.devUser.totp(),
    });
    expect(out).toMatchObject({ status: "PENDING", reason: "waiting for 3 approval stages" });
    const stages = await stagesOf(out.id);
    expect(stages.map((s) => [s.mode, s.status, s.approvers.map((a) => a.role)[0]])).toEqual([
      ["ANY", "OPEN", "MANAGER"],
      ["ANY", "WAITING", "RESOURCE_OWNER"],
      ["ANY", "WAITING", "SECURITY"],
    ]);
    const security = stages[2].approvers.map((a) => a.approverId);
    expect(security).not.toContain(t.dev.id);
    expect(security).not.toContain(t.manager.id);

    expect((await decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" })).status).toBe(
      "PENDING",
    );
    // The security stage is not open yet: its admins cannot jump the queue.
    const admin = await sessionOf(security[0]);
    await expect(decideRequest(admin, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /current stage/,
    );
    expect((await decideRequest(t.ownerUser, { requestId: out.id, decision: "APPROVE" })).status).toBe(
      "PENDING",
    );
    const third = await stagesOf(out.id);
    expect(third[2]).toMatchObject({ status: "OPEN" });
    expect(third[2].approvers.every((a) => a.open)).toBe(true);
    const last = await decideRequest(admin, { requestId: out.id, decision: "APPROVE" });
    expect(last.status).toBe("FULFILLED");
    const approvals = await db.approval.findMany({
      where: { requestId: out.id },
      orderBy: { createdAt: "asc" },
    });
    expect(approvals.map((a) => a.role)).toEqual(["MANAGER", "RESOURCE_OWNER", "SECURITY"]);
    expect(new Set(approvals.map((a) => a.approverId)).size).toBe(3);
  });

  it("a policy asking for all of: one stage that waits for both approvers", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, name: allOfName });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "reconcile the payroll export",
    });
    expect(out.status).toBe("PENDING");
    const [stage] = await stagesOf(out.id);
    expect(stage.mode).toBe("ALL");
    expect(stage.approvers.map((a) => a.role).sort()).toEqual(["MANAGER", "RESOURCE_OWNER"]);
    const first = await decideRequest(t.ownerUser, { requestId: out.id, decision: "APPROVE" });
    expect(first).toMatchObject({ status: "PENDING", grantId: null });
    expect(await db.grant.count({ where: { requestId: out.id } })).toBe(0);
    await expect(decideRequest(t.ownerUser, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /already decided this stage/,
    );
    const second = await decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" });
    expect(second.status).toBe("FULFILLED");
    expect(await db.grant.count({ where: { requestId: out.id, status: "ACTIVE" } })).toBe(1);
  });

  it("whoever approved one stage cannot approve another stage of the same request", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, privileged: true });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "read the audit bucket",
      stepUpCode: t.devUser.totp(),
    });
    expect((await decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" })).status).toBe(
      "PENDING",
    );
    // The manager also lands on the second stage (as an escalation fallback could): still one person.
    const second = await db.requestStage.findFirstOrThrow({
      where: { requestId: out.id, position: 2 },
      select: { id: true },
    });
    await db.requestApprover.create({
      data: { stageId: second.id, requestId: out.id, approverId: t.manager.id, role: "FALLBACK", open: true },
    });
    await expect(decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /approved an earlier stage/,
    );
    expect(await db.grant.count({ where: { requestId: out.id } })).toBe(0);
    expect((await decideRequest(t.ownerUser, { requestId: out.id, decision: "APPROVE" })).status).toBe(
      "FULFILLED",
    );
  });
});
