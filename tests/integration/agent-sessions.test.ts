import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { killSession } from "@/lib/agents/sessions";
import { listSessionDecisions } from "@/lib/agents/queries";
import { registerAgent, updateAgent, setAgentStatus } from "@/lib/agents/mutations";
import { agentFormSchema, editAgentSchema } from "@/lib/agents/schemas";
import { startLeanServer } from "./authzen-helpers";
import { callerFor, makePerson } from "./ownership-support";
import { agentPoster, makeBoundedAgent, openHttpSession, toolCall } from "./agent-support";

let server: Awaited<ReturnType<typeof startLeanServer>>;
beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
});
afterAll(() => server.close());

describe("agents as managed objects", () => {
  it("a sponsor registers and edits their agent; each edit is ledgered with a diff; others cannot edit it", async () => {
    const sponsor = await makePerson();
    const caller = callerFor(sponsor.id);
    const form = {
      name: "Ticket triager",
      model: "claude-opus",
      provider: "Anthropic",
      runtime: "langgraph",
      autonomy: "BOUNDED_AUTONOMY",
      onBehalfOf: "SPONSOR",
      boundary: "tickets: read, close!",
      attestationDays: "90",
      maxSessionTtlMinutes: "60",
    };
    const { id } = await registerAgent(caller, agentFormSchema.parse(form));
    const profile = await db.agentProfile.findUniqueOrThrow({ where: { actorId: id } });
    expect(profile).toMatchObject({
      sponsorId: sponsor.id,
      toolAllowList: ["tickets"],
      toolBoundary: [{ tool: "tickets", actions: ["read", "close"], dataScopes: [], approve: ["close"] }],
    });

    const out = await updateAgent(
      caller,
      editAgentSchema.parse({
        ...form,
        agentId: id,
        boundary: "tickets: read, close! | project:OPS\nwiki",
        autonomy: "ACT_WITH_APPROVAL",
      }),
    );
    expect(out.changed.sort()).toEqual(["autonomyLevel", "toolAllowList", "toolBoundary"]);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { target: `actor:${id}`, action: "agent.updated" },
    });
    expect(entry.details).toMatchObject({
      diff: {
        autonomyLevel: { from: "BOUNDED_AUTONOMY", to: "ACT_WITH_APPROVAL" },
        toolAllowList: { from: ["tickets"], to: ["tickets", "wiki"] },
      },
    });

    const stranger = callerFor((await makePerson()).id);
    await expect(updateAgent(stranger, editAgentSchema.parse({ ...form, agentId: id }))).rejects.toThrow(
      /do not sponsor/,
    );
    expect(() => agentFormSchema.parse({ ...form, boundary: "bad tool name" })).toThrow(/not a tool name/);
  });
});

describe("sessions bound every run", () => {
  it("opens a session with client credentials; tool calls in boundary are allowed, the decision names the session; DELETE ends it", async () => {
    const { agent, basic } = await makeBoundedAgent();
    const opened = await openHttpSession(server.url, basic);
    expect(opened.status).toBe(201);
    const post = agentPoster(server.url, opened.json.session_token);
    const ok = await post("/access/v1/evaluation", toolCall(agent.id, "read"));
    expect(ok.json.decision).toBe(true);
    const entry = await db.logEntry.findFirstOrThrow({
      where: { seq: BigInt(ok.json.context!.decision_id!) },
    });
    expect(entry).toMatchObject({
      actorKind: "AGENT",
      actor: agent.id,
      details: { sessionId: opened.json.session_id },
    });
    const outside = await post("/access/v1/evaluation", toolCall(agent.id, "delete"));
    expect(outside.json.decision).toBe(false);
    expect(outside.json.context!.reason_admin.en).toMatch(/outside the agent's boundary/);
    // The sessions page lists the session's decisions, newest first, found by the session id.
    const session = await db.agentSession.findUniqueOrThrow({ where: { id: opened.json.session_id } });
    const listed = await listSessionDecisions(session);
    expect(listed.map((d) => d.decision)).toEqual(["DENY", "ALLOW"]);
    expect(await listSessionDecisions({ ...session, id: randomUUID() })).toEqual([]);
    // Bounded by the session's start: a session "started" after these calls lists none of them.
    expect(await listSessionDecisions({ ...session, startedAt: new Date(Date.now() + 3_600_000) })).toEqual(
      [],
    );

    const ended = await post("/api/v1/agent-sessions", undefined, "DELETE");
    expect(ended.status).toBe(200);
    const after = await post("/access/v1/evaluation", toolCall(agent.id, "read"));
    expect(after.status).toBe(401);
    expect(after.json.error).toBe("session_ended");
  });

  it("refuses bad credentials, a missing task, a foreign session token and an expired one — 4xx, ledgered", async () => {
    const a = await makeBoundedAgent();
    const b = await makeBoundedAgent();
    const before = await db.logEntry.count({ where: { action: "agent_session.refused" } });
    expect(
      (await openHttpSession(server.url, "Basic " + Buffer.from("nobody:wrong").toString("base64"))).status,
    ).toBe(401);
    expect((await openHttpSession(server.url, a.basic, {})).status).toBe(400);
    // Text PostgreSQL cannot hold is a bad body or unknown credentials, never a 500.
    expect((await openHttpSession(server.url, a.basic, { task: "a\u0000b" })).status).toBe(400);
    expect((await openHttpSession(server.url, a.basic, { task: "a\ud800b" })).status).toBe(400);
    expect(
      (await openHttpSession(server.url, "Basic " + Buffer.from("%00:x").toString("base64"))).status,
    ).toBe(401);
    const formNul = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=%00&client_secret=x",
    });
    expect(formNul.status).toBeLessThan(500);
    const s = await openHttpSession(server.url, a.basic);
    const foreign = await agentPoster(server.url, s.json.session_token)(
      "/access/v1/evaluation",
      toolCall(b.agent.id, "read"),
    );
    expect(foreign.status).toBe(403);
    expect(foreign.json.error).toBe("foreign_session");
    await db.agentSession.update({
      where: { id: s.json.session_id },
      data: { tokenExpiresAt: new Date(Date.now() - 1000) },
    });
    // The writer of such a change announces it; here the test changed the row behind Triad's back.
    const { forgetSession } = await import("@/lib/enforcement/agent/session");
    forgetSession(s.json.session_id);
    const expired = await agentPoster(server.url, s.json.session_token)(
      "/access/v1/evaluation",
      toolCall(a.agent.id, "read"),
    );
    expect(expired.status).toBe(401);
    expect(expired.json.message).toMatch(/token expired/);
    const unknown = await agentPoster(server.url, "tas_" + "x".repeat(43))(
      "/access/v1/evaluation",
      toolCall(a.agent.id, "read"),
    );
    expect(unknown.status).toBe(401);
    // Refusals of a known agent are its own entries (missing task, foreign session, expired
    // token); the two unauthenticated ones (bad credentials, unknown token) are folded per
    // address and minute into auth.refused instead.
    expect(await db.logEntry.count({ where: { action: "agent_session.refused" } })).toBe(before + 3);
    expect(await db.authRefusal.count({ where: { reason: "token_unauthenticated" } })).toBeGreaterThan(0);
  });

  it("policies read session facts (task, age, calls, denies)", async () => {
    const { decide } = await import("@/lib/enforcement/decide");
    const { getActivePolicySet } = await import("@/lib/policy/active");
    const { agent, basic } = await makeBoundedAgent();
    const s = await openHttpSession(server.url, basic, { task: "nightly triage" });
    const post = agentPoster(server.url, s.json.session_token);
    await post("/access/v1/evaluation", toolCall(agent.id, "read"));
    await post("/access/v1/evaluation", toolCall(agent.id, "delete"));
    const { flushCounts, sessionById } = await import("@/lib/enforcement/agent/session");
    await flushCounts();
    const facts = await sessionById(s.json.session_id);
    expect(facts).toMatchObject({ task: "nightly triage", calls: 2, denies: 1 });
    const row = await db.agentSession.findUniqueOrThrow({ where: { id: s.json.session_id } });
    expect(row).toMatchObject({ calls: 2, denies: 1 });
    const { agentContext } = await import("@/lib/enforcement/agent/context");
    const ctx = agentContext(
      {
        kind: "AGENT",
        id: agent.id,
        name: "a",
        status: "ACTIVE",
        environment: "",
        riskScore: 0,
        teamId: null,
        tags: [],
        entitlements: [],
        sponsorId: "x",
        autonomy: "BOUNDED_AUTONOMY",
        onBehalfOfScope: "NONE",
        tools: [],
      },
      { type: "Tool", id: "t", name: "t", sensitivity: "INTERNAL", entitlementIds: [] },
      new Date(),
      undefined,
      true,
      null,
      facts,
    );
    expect(ctx).toMatchObject({ sessionTask: "nightly triage", sessionCalls: 2, sessionDenies: 1 });
    expect(ctx.sessionAgeSeconds).toBeGreaterThanOrEqual(0);
    const set = await getActivePolicySet();
    expect(
      (await decide(toolCall(agent.id, "read", {}, { sessionId: s.json.session_id }), { set })).decision,
    ).toBe("allow");
  });

  it("renews the session token while the task lasts; the old token stops working", async () => {
    const { agent, basic } = await makeBoundedAgent();
    const s = await openHttpSession(server.url, basic);
    const renewed = await agentPoster(server.url, s.json.session_token)("/api/v1/agent-sessions/renew", {});
    expect(renewed.status).toBe(200);
    const next = renewed.json.session_token as string;
    expect(next).not.toBe(s.json.session_token);
    expect(
      (await agentPoster(server.url, next)("/access/v1/evaluation", toolCall(agent.id, "read"))).json
        .decision,
    ).toBe(true);
    expect(
      (
        await agentPoster(server.url, s.json.session_token)(
          "/access/v1/evaluation",
          toolCall(agent.id, "read"),
        )
      ).status,
    ).toBe(401);
  });

  it("an expired agent opens no session, gets no token, and its calls are denied", async () => {
    const { agent, basic, creds } = await makeBoundedAgent();
    const s = await openHttpSession(server.url, basic);
    await db.agentProfile.update({
      where: { actorId: agent.id },
      data: { expiresAt: new Date(Date.now() - 60_000) },
    });
    const { applyChangeLocally } = await import("@/lib/changes/listen");
    applyChangeLocally("actor");
    const r = await agentPoster(server.url, s.json.session_token)(
      "/access/v1/evaluation",
      toolCall(agent.id, "read"),
    );
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/expired/);
    const again = await openHttpSession(server.url, basic);
    expect(again.status).toBe(403);
    expect(again.json.error).toBe("agent_expired");
    const { issueToken } = await import("@/lib/tokens/issue");
    expect(
      await issueToken(creds, { grant_type: "client_credentials", audience: "https://tickets.internal" }),
    ).toMatchObject({ ok: false, status: 403 });
  });

  it("a sponsor kills a session: its token is refused at once; others cannot kill it; suspension ends sessions", async () => {
    const { agent, basic, sponsorId } = await makeBoundedAgent();
    const s = await openHttpSession(server.url, basic);
    const post = agentPoster(server.url, s.json.session_token);
    expect((await post("/access/v1/evaluation", toolCall(agent.id, "read"))).json.decision).toBe(true);
    await expect(
      killSession(callerFor((await makePerson()).id), s.json.session_id, "not mine"),
    ).rejects.toThrow(/No live session/);
    await killSession(callerFor(sponsorId), s.json.session_id, "runaway loop");
    const after = await post("/access/v1/evaluation", toolCall(agent.id, "read"));
    expect(after.status).toBe(401);
    expect(
      await db.logEntry.count({ where: { action: "agent_session.killed", target: `actor:${agent.id}` } }),
    ).toBe(1);

    const s2 = await openHttpSession(server.url, basic);
    await setAgentStatus(callerFor(sponsorId), {
      agentId: agent.id,
      status: "SUSPENDED",
      reason: "investigating",
    });
    expect(
      (
        await agentPoster(server.url, s2.json.session_token)(
          "/access/v1/evaluation",
          toolCall(agent.id, "read"),
        )
      ).status,
    ).toBe(401);
    expect((await openHttpSession(server.url, basic)).status).toBe(403);
  });
});
