import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { runDueJobs } from "@/lib/jobs/runner";
import { applyChangeLocally } from "@/lib/changes/listen";
import { submitRequest } from "@/lib/requests/submit";
import { decideRequest } from "@/lib/requests/decide";
import { requestDeadlineJob } from "@/lib/requests/deadline";
import { newRequestSchema } from "@/lib/requests/schemas";
import { listToApprove, requestCounts, toApproveTable } from "@/lib/requests/queries";
import { parseTableParams } from "@/lib/table/search-params";
import { grantExpiryJobKey } from "@/lib/grants/end";
import { sweepExpiredGrants } from "@/lib/grants/expire";
import { releaseGrant, revokeGrant } from "@/lib/grants/revoke";
import { setSuspended } from "@/lib/suspension/mutations";
import { makeActor, makeHuman } from "@/tests/support/factories";
import { allowNextCode, makeEntitlement, signedIn } from "./requests-support";

const caller = { id: "test-pep", name: "test pep" };
// Each process's entity cache is dropped by the change channel (NOTIFY) in production; no listener
// runs here, so a read after a change clears it, except where a test relies on the cached record.
const readAs = (actorId: string, entitlementId: string, keepCache = false, now?: Date) => {
  if (!keepCache) applyChangeLocally("grant");
  return evaluateAndLog(
    caller,
    {
      subject: { type: "human", id: actorId },
      action: { name: "readData" },
      resource: { type: "entitlement", id: entitlementId },
    },
    undefined,
    { now },
  );
};
const jobCount = async (key: string) =>
  Number(
    (
      await db.$queryRaw<
        Array<{ n: bigint }>
      >`SELECT count(*)::bigint AS n FROM graphile_worker.jobs WHERE key = ${key}`
    )[0].n,
  );

async function team() {
  const manager = await makeHuman({ name: "Manager" });
  const dev = await makeHuman({ name: "Developer", managerId: manager.id });
  const owner = await makeHuman({ name: "Resource owner" });
  return {
    manager,
    dev,
    owner,
    devUser: await signedIn(["SERVICE_OWNER"], dev.id),
    managerUser: await signedIn(["MANAGER"], manager.id, { mfaAt: new Date() }),
    ownerUser: await signedIn(["AGENT_SPONSOR"], owner.id, { mfaAt: new Date() }),
  };
}

beforeAll(async () => {
  await ensureStarterPolicies();
});

describe("submitting a request", () => {
  it("asks the PDP (ledgered), keeps the decision seq and policy hash, and routes to manager or resource owner", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 120,
      justification: "debug the billing export",
    });
    expect(out.status).toBe("PENDING");
    const r = await db.accessRequest.findUniqueOrThrow({
      where: { id: out.id },
      include: { stages: { include: { approvers: true } } },
    });
    expect(r.decisionSeq).not.toBeNull();
    const entry = await db.logEntry.findUniqueOrThrow({ where: { seq: r.decisionSeq! } });
    expect(entry.action).toBe("decision.evaluated");
    expect(entry.details).toMatchObject({
      action: "request",
      decision: "ALLOW",
      policyVersion: r.policyVersionHash,
    });
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0].approvers.map((a) => a.role).sort()).toEqual(["MANAGER", "RESOURCE_OWNER"]);
    expect(await jobCount(`request-deadline:${out.id}`)).toBe(1);
    expect(
      await db.inboxMessage.count({ where: { recipientId: t.manager.id, link: `/requests/${out.id}` } }),
    ).toBe(1);
    const inbox = await listToApprove(t.manager.id, parseTableParams({}, toApproveTable));
    expect(inbox.total).toBe(1);
    expect(inbox.rows[0]).toMatchObject({
      id: out.id,
      role: "MANAGER",
      stage: 1,
      entitlement: { name: ent.name },
      requester: { id: t.dev.id },
    });
    expect(await requestCounts(t.manager.id)).toEqual({ toApprove: 1, mine: 0 });
    expect(await requestCounts(t.dev.id)).toEqual({ toApprove: 0, mine: 1 });
  });

  it("refuses bad input with a clear message and writes nothing", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, maxDurationMinutes: 240 });
    const before = await db.accessRequest.count({ where: { requesterId: t.dev.id } });
    await expect(
      submitRequest(t.devUser, {
        entitlementId: ent.id,
        durationMinutes: 480,
        justification: "too long a request",
      }),
    ).rejects.toThrow(/at most 4 hours/);
    const missing = newRequestSchema.safeParse({
      entitlementId: ent.id,
      durationMinutes: "60",
      justification: "",
    });
    expect(missing.success ? null : missing.error.issues[0].message).toMatch(/justification/);
    // Someone else's NHI.
    const strangersNhi = await makeActor("NHI", { ownerId: t.owner.id });
    await expect(
      submitRequest(t.devUser, {
        entitlementId: ent.id,
        subjectId: strangersNhi.id,
        durationMinutes: 60,
        justification: "not mine to ask",
      }),
    ).rejects.toThrow(/NHI you own/);
    // Already held for good (an imported grant).
    await db.grant.create({ data: { actorId: t.dev.id, entitlementId: ent.id, source: "IMPORT" } });
    await expect(
      submitRequest(t.devUser, {
        entitlementId: ent.id,
        durationMinutes: 60,
        justification: "I already have it",
      }),
    ).rejects.toThrow(/already holds/);
    expect(await db.accessRequest.count({ where: { requesterId: t.dev.id } })).toBe(before);
  });

  it("may be for an NHI the requester owns; its owner then cannot approve it", async () => {
    const t = await team();
    const nhi = await makeActor("NHI", { ownerId: t.dev.id });
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      subjectId: nhi.id,
      durationMinutes: 60,
      justification: "deploy job needs the bucket",
    });
    expect(out.status).toBe("PENDING");
    await expect(
      decideRequest(await t.devUser.fresh(), {
        requestId: out.id,
        decision: "APPROVE",
        stepUpCode: t.devUser.totp(),
      }),
    ).rejects.toThrow(/own request/);
  });
});

describe("separation of duties", () => {
  it("refuses the requester, a beneficiary, an agent, a non-approver and a missing step-up", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const agent = await makeActor("AGENT", { sponsorId: t.dev.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      subjectId: agent.id,
      durationMinutes: 60,
      justification: "agent reads the tickets",
    });
    const agentUser = await signedIn(
      ["MANAGER"],
      (await makeActor("AGENT", { sponsorId: t.manager.id })).id,
      { mfaAt: new Date() },
    );
    await expect(decideRequest(agentUser, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /Agents .* never approve/,
    );
    const stranger = await signedIn(["MANAGER"], (await makeHuman()).id, { mfaAt: new Date() });
    await expect(decideRequest(stranger, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /not an approver/,
    );
    const stale = { ...t.managerUser, mfaAt: new Date(Date.now() - 11 * 60_000) };
    await expect(decideRequest(stale, { requestId: out.id, decision: "APPROVE" })).rejects.toMatchObject({
      code: "step_up_required",
    });
    // The sponsor of the agent (here also the requester) benefits.
    await expect(
      decideRequest(await t.devUser.fresh(), {
        requestId: out.id,
        decision: "APPROVE",
        stepUpCode: t.devUser.totp(),
      }),
    ).rejects.toThrow(/own request/);
    expect(await db.approval.count({ where: { requestId: out.id } })).toBe(0);

    // A co-owner of an NHI asked for by someone else benefits from it too.
    const nhi = await makeActor("NHI", { ownerId: t.dev.id });
    await db.nhiCoOwner.create({ data: { actorId: nhi.id, ownerId: t.manager.id } });
    const forNhi = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      subjectId: nhi.id,
      durationMinutes: 60,
      justification: "nightly job reads it",
    });
    await expect(decideRequest(t.managerUser, { requestId: forNhi.id, decision: "APPROVE" })).rejects.toThrow(
      /benefits you/,
    );
  });

  it("two approvers at once give one grant and the other a clear conflict", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "look at production logs",
    });
    const results = await Promise.allSettled([
      decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" }),
      decideRequest(t.ownerUser, { requestId: out.id, decision: "APPROVE" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(failed.reason.message)).toMatch(/already decided|already approved/);
    expect(await db.grant.count({ where: { requestId: out.id } })).toBe(1);
    await expect(decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /already decided/,
    );
  });

  it("a privileged entitlement needs two approvers from two groups, each with a step-up", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, privileged: true });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 120,
      justification: "rotate the database root key",
      stepUpCode: t.devUser.totp(),
    });
    expect(out.status).toBe("PENDING");
    const first = await decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" });
    expect(first.status).toBe("PENDING");
    const second = await decideRequest(t.ownerUser, {
      requestId: out.id,
      decision: "APPROVE",
      comment: "ok for today",
    });
    expect(second.status).toBe("FULFILLED");
    const approvals = await db.approval.findMany({
      where: { requestId: out.id },
      orderBy: { createdAt: "asc" },
    });
    expect(approvals.map((a) => a.role)).toEqual(["MANAGER", "RESOURCE_OWNER"]);
    expect(approvals.every((a) => a.stepUpAt)).toBe(true);
    const grant = await db.grant.findFirstOrThrow({ where: { requestId: out.id } });
    expect(grant.expiresAt!.getTime() - grant.grantedAt.getTime()).toBeGreaterThanOrEqual(119 * 60_000);
    expect(await jobCount(grantExpiryJobKey(grant.id))).toBe(1);
  });

  it("a privileged request without a fresh MFA is denied by the policy with its reason", async () => {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id, privileged: true });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "no MFA this time",
    });
    expect(out.status).toBe("DENIED");
    expect(out.reason).toMatch(/MFA/);
  });
});

describe("time-bound grants", () => {
  async function granted() {
    const t = await team();
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "short task on the app",
    });
    const d = await decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" });
    return { ...t, ent, grantId: d.grantId!, requestId: out.id };
  }

  it("the gate refuses a grant past its expiry before any job has run", async () => {
    const g = await granted();
    const grant = await db.grant.findUniqueOrThrow({ where: { id: g.grantId } });
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("allow");
    // The clock passes the expiry: the cached record still lists the entitlement, no job ran.
    const after = new Date(grant.expiresAt!.getTime() + 1000);
    expect((await readAs(g.dev.id, g.ent.id, true, after)).decision).toBe("deny");
    // And freshly loaded, with the expiry moved into the past in the database.
    await db.grant.update({ where: { id: g.grantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("deny");
    expect(await jobCount(grantExpiryJobKey(g.grantId))).toBe(1); // the timer has not fired
    expect((await db.grant.findUniqueOrThrow({ where: { id: g.grantId } })).status).toBe("ACTIVE");
  });

  it("the timer job records an EXPIRY revocation", async () => {
    const g = await granted();
    await db.grant.update({ where: { id: g.grantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${grantExpiryJobKey(g.grantId)}`;
    await runDueJobs();
    const grant = await db.grant.findUniqueOrThrow({
      where: { id: g.grantId },
      include: { revocations: true },
    });
    expect(grant.status).toBe("EXPIRED");
    expect(grant.revocations.map((r) => r.method)).toEqual(["EXPIRY"]);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { target: `grant:${g.grantId}`, action: "grant.expired" },
    });
    expect(entry.details).toMatchObject({ mechanism: "timer" });
  });

  it("the sweep ends a grant whose timer was lost, and records that it ran", async () => {
    const g = await granted();
    await db.$executeRaw`SELECT graphile_worker.remove_job(${grantExpiryJobKey(g.grantId)})`;
    await db.grant.update({ where: { id: g.grantId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await sweepExpiredGrants()).toBeGreaterThanOrEqual(1);
    const grant = await db.grant.findUniqueOrThrow({
      where: { id: g.grantId },
      include: { revocations: true },
    });
    expect(grant.status).toBe("EXPIRED");
    expect(grant.revocations[0].method).toBe("EXPIRY");
    expect(
      (
        await db.logEntry.findFirstOrThrow({
          where: { target: `grant:${g.grantId}`, action: "grant.expired" },
        })
      ).details,
    ).toMatchObject({ mechanism: "sweep" });
    expect(await db.logEntry.count({ where: { action: "grant.sweep_completed" } })).toBeGreaterThanOrEqual(1);
  });

  it("ending one grant leaves access another active grant covers; release and revoke are recorded", async () => {
    const g = await granted();
    await db.grant.create({ data: { actorId: g.dev.id, entitlementId: g.ent.id, source: "IMPORT" } });
    await releaseGrant(
      { ledger: { id: g.devUser.id, kind: "USER", name: g.devUser.name }, actorId: g.dev.id },
      { grantId: g.grantId },
    );
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("allow");
    await expect(
      releaseGrant({ ledger: { id: "x", kind: "USER" }, actorId: g.manager.id }, { grantId: g.grantId }),
    ).rejects.toThrow(/Only the holder/);
    await expect(
      revokeGrant(
        { ledger: { id: "x", kind: "USER" }, actorId: g.manager.id },
        { grantId: g.grantId, reason: "again" },
      ),
    ).rejects.toThrow(/already ended/);
    const rev = await db.revocation.findFirstOrThrow({ where: { grantId: g.grantId } });
    expect(rev).toMatchObject({
      method: "MANUAL",
      reason: "released early by the holder",
      requestedById: g.dev.id,
    });
  });

  it("a new request for a held, time-bound entitlement extends the grant and moves its one timer", async () => {
    const g = await granted();
    const before = await db.grant.findUniqueOrThrow({ where: { id: g.grantId } });
    const out = await submitRequest(g.devUser, {
      entitlementId: g.ent.id,
      durationMinutes: 240,
      justification: "the task takes longer",
    });
    await decideRequest(g.managerUser, { requestId: out.id, decision: "APPROVE" });
    const after = await db.grant.findUniqueOrThrow({ where: { id: g.grantId } });
    expect(after.expiresAt!.getTime()).toBeGreaterThan(before.expiresAt!.getTime());
    const jobs = await db.$queryRaw<
      Array<{ run_at: Date }>
    >`SELECT run_at FROM graphile_worker.jobs WHERE key = ${grantExpiryJobKey(g.grantId)}`;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].run_at.getTime()).toBe(after.expiresAt!.getTime());
  });
});

describe("deadlines and suspension", () => {
  it("a stale request escalates to the fallback once, then expires and tells requester and approvers", async () => {
    const t = await team();
    const admin = await makeHuman({ name: "Admin fallback" });
    await signedIn(["ADMIN"], admin.id);
    const ent = await makeEntitlement({ ownerId: t.owner.id });
    const out = await submitRequest(t.devUser, {
      entitlementId: ent.id,
      durationMinutes: 60,
      justification: "nobody will answer this",
    });
    const later = new Date(Date.now() + 25 * 3600_000);
    expect(await requestDeadlineJob({ requestId: out.id }, later)).toBe("escalated");
    expect(await requestDeadlineJob({ requestId: out.id }, new Date(Date.now() + 50 * 3600_000))).toBe(
      "expired",
    );
    expect((await db.accessRequest.findUniqueOrThrow({ where: { id: out.id } })).status).toBe("EXPIRED");
    expect(await db.inboxMessage.count({ where: { recipientId: t.dev.id, kind: "request.expired" } })).toBe(
      1,
    );
    await allowNextCode(t.managerUser.id);
    await expect(decideRequest(t.managerUser, { requestId: out.id, decision: "APPROVE" })).rejects.toThrow(
      /expired/,
    );
  });

  it("suspending an identity denies everything at once; an admin reinstates it", async () => {
    const g = await (async () => {
      const t = await team();
      const ent = await makeEntitlement();
      await db.grant.create({ data: { actorId: t.dev.id, entitlementId: ent.id, source: "IMPORT" } });
      return { ...t, ent };
    })();
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("allow");
    await setSuspended(
      { id: "admin", kind: "USER" },
      { actorId: g.dev.id, suspend: true, reason: "suspected compromise" },
    );
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("deny");
    await expect(
      setSuspended({ id: "admin", kind: "USER" }, { actorId: g.dev.id, suspend: true, reason: "twice" }),
    ).rejects.toThrow(/is suspended/);
    await setSuspended(
      { id: "admin", kind: "USER" },
      { actorId: g.dev.id, suspend: false, reason: "cleared" },
    );
    expect((await readAs(g.dev.id, g.ent.id)).decision).toBe("allow");
    expect(
      await db.logEntry.count({
        where: { target: `actor:${g.dev.id}`, action: { in: ["actor.suspended", "actor.reinstated"] } },
      }),
    ).toBe(2);
  });
});
