import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { decideProposal } from "@/lib/proposals/mutations";
import { expireProposal } from "@/lib/proposals/expire";
import { runDueJobs } from "@/lib/jobs/runner";
import { startLeanServer } from "./authzen-helpers";
import { agentPoster, makeBoundedAgent, openHttpSession, toolCall } from "./agent-support";

let server: Awaited<ReturnType<typeof startLeanServer>>;
beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
});
afterAll(() => server.close());

const approver = (actorId: string) => ({
  actorId,
  ledger: { id: `user-${actorId.slice(0, 8)}`, kind: "USER" as const, name: "Sponsor" },
});

async function proposalFlow(args: Record<string, unknown> = { ticket: "OPS-1" }) {
  const a = await makeBoundedAgent();
  const s = await openHttpSession(server.url, a.basic);
  const post = agentPoster(server.url, s.json.session_token);
  const r = await post(
    "/access/v1/evaluation",
    toolCall(a.agent.id, "close", args, { reason: "duplicate of OPS-0" }),
  );
  expect(r.json.decision).toBe(false);
  expect(r.json.context!.reason_admin.en).toBe("approval required");
  const proposal = await db.agentProposal.findFirstOrThrow({
    where: { agentId: a.agent.id },
    orderBy: { createdAt: "desc" },
  });
  return { ...a, post, proposal, session: s.json };
}

async function approveAndCollect(flow: Awaited<ReturnType<typeof proposalFlow>>, uses = 1) {
  await decideProposal(
    approver(flow.sponsorId),
    { proposalId: flow.proposal.id, decision: "APPROVE", validMinutes: 10, uses },
    new Date(),
  );
  const c = await flow.post("/api/v1/proposals/credential", { proposal_id: flow.proposal.id });
  expect(c.status).toBe(200);
  return c.json.approval as string;
}

describe("agents propose, humans decide", () => {
  it("a tool needing approval creates a proposal with the reason, exact arguments and policy result; the sponsor is notified", async () => {
    const f = await proposalFlow();
    expect(f.proposal).toMatchObject({
      status: "PENDING",
      reason: "duplicate of OPS-0",
      arguments: { ticket: "OPS-1" },
      resource: "tool:tickets#close",
      sessionId: f.session.session_id,
    });
    expect(f.proposal.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.inboxMessage.count({ where: { recipientId: f.sponsorId, kind: "agent.proposal" } })).toBe(
      1,
    );
  });

  it("the approval credential works once for the exact action; replay, other arguments and another agent are refused (403, ledgered); the decision records who approved", async () => {
    const f = await proposalFlow();
    const credential = await approveAndCollect(f);
    expect((await f.post("/api/v1/proposals/credential", { proposal_id: f.proposal.id })).status).toBe(409);

    const other = await f.post(
      "/access/v1/evaluation",
      toolCall(f.agent.id, "close", { ticket: "OPS-2" }, { approval: credential }),
    );
    expect(other.status).toBe(403);
    expect(other.json.message).toMatch(/other arguments/);

    const g = await makeBoundedAgent();
    const gs = await openHttpSession(server.url, g.basic);
    const foreign = await agentPoster(server.url, gs.json.session_token)(
      "/access/v1/evaluation",
      toolCall(g.agent.id, "close", { ticket: "OPS-1" }, { approval: credential }),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.json.message).toMatch(/another agent/);

    const ok = await f.post(
      "/access/v1/evaluation",
      toolCall(f.agent.id, "close", { ticket: "OPS-1" }, { approval: credential }),
    );
    expect(ok.status).toBe(200);
    expect(ok.json.decision).toBe(true);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { seq: BigInt(ok.json.context!.decision_id!) },
    });
    expect(entry.details).toMatchObject({
      decision: "ALLOW",
      proposalId: f.proposal.id,
      approvedBy: f.sponsorId,
      sessionId: f.session.session_id,
    });

    const replay = await f.post(
      "/access/v1/evaluation",
      toolCall(f.agent.id, "close", { ticket: "OPS-1" }, { approval: credential }),
    );
    expect(replay.status).toBe(403);
    expect(replay.json.message).toMatch(/already used/);
    expect(
      await db.logEntry.count({
        where: { action: "decision.evaluated", details: { path: ["refusal"], equals: "invalid_approval" } },
      }),
    ).toBeGreaterThanOrEqual(3);

    // Never standing access: without a credential the same action needs approval again.
    const again = await f.post("/access/v1/evaluation", toolCall(f.agent.id, "close", { ticket: "OPS-1" }));
    expect(again.json.context!.reason_admin.en).toBe("approval required");
  });

  it("concurrent redemption of a single-use credential: exactly one succeeds", async () => {
    const f = await proposalFlow({ ticket: "OPS-9" });
    const credential = await approveAndCollect(f);
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        f.post(
          "/access/v1/evaluation",
          toolCall(f.agent.id, "close", { ticket: "OPS-9" }, { approval: credential }),
        ),
      ),
    );
    expect(results.filter((r) => r.json.decision === true)).toHaveLength(1);
    expect(results.filter((r) => r.status === 403)).toHaveLength(7);
  });

  it("an approval never overrides a policy deny, and is not spent on one", async () => {
    const f = await proposalFlow({ ticket: "OPS-5" });
    const credential = await approveAndCollect(f);
    await db.agentProfile.update({ where: { actorId: f.agent.id }, data: { sponsorId: null } });
    const { applyChangeLocally } = await import("@/lib/changes/listen");
    applyChangeLocally("actor");
    const denied = await f.post(
      "/access/v1/evaluation",
      toolCall(f.agent.id, "close", { ticket: "OPS-5" }, { approval: credential }),
    );
    expect(denied.json.decision).toBe(false);
    expect(denied.json.context!.reason_admin.en).toMatch(/sponsor/);
    expect((await db.agentProposal.findUniqueOrThrow({ where: { id: f.proposal.id } })).usesLeft).toBe(1);
  });

  it("an agent trying to approve is refused (403, ledgered); rejection and expiry close proposals", async () => {
    const f = await proposalFlow({ ticket: "OPS-7" });
    const tryApprove = await f.post("/api/v1/proposals/approve", { proposal_id: f.proposal.id });
    expect(tryApprove.status).toBe(403);
    const viaDecision = await f.post("/access/v1/evaluation", {
      subject: { type: "agent", id: f.agent.id },
      action: { name: "approve" },
      resource: { type: "resource", id: "00000000-0000-0000-0000-000000000000" },
    });
    expect(viaDecision.status).toBe(403);
    expect(
      await db.logEntry.count({
        where: { action: "agent_proposal.approval_refused", target: `actor:${f.agent.id}` },
      }),
    ).toBe(1);

    await decideProposal(
      approver(f.sponsorId),
      { proposalId: f.proposal.id, decision: "REJECT", validMinutes: 10, uses: 1 },
      new Date(),
    );
    expect((await f.post("/api/v1/proposals/credential", { proposal_id: f.proposal.id })).status).toBe(409);
    await expect(
      decideProposal(
        approver(f.sponsorId),
        { proposalId: f.proposal.id, decision: "APPROVE", validMinutes: 10, uses: 1 },
        new Date(),
      ),
    ).rejects.toThrow(/already rejected/);

    const g = await proposalFlow({ ticket: "OPS-8" });
    await expect(
      decideProposal(
        approver(f.sponsorId),
        { proposalId: g.proposal.id, decision: "APPROVE", validMinutes: 10, uses: 1 },
        new Date(),
      ),
    ).rejects.toThrow(/may decide/);
    await db.agentProposal.update({
      where: { id: g.proposal.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await db.$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE key = ${`proposal-expire:${g.proposal.id}`}`;
    await runDueJobs();
    expect((await db.agentProposal.findUniqueOrThrow({ where: { id: g.proposal.id } })).status).toBe(
      "EXPIRED",
    );
    expect(await expireProposal({ id: g.proposal.id })).toEqual({ expired: false });
  });
});
