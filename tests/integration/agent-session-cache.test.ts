import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { killSession } from "@/lib/agents/sessions";
import { startChangeListener, stopChangeListener } from "@/lib/changes/listen";
import { forgetSession, sessionById } from "@/lib/enforcement/agent/session";
import { startLeanServer } from "./authzen-helpers";
import { callerFor } from "./ownership-support";
import { agentPoster, makeBoundedAgent, openHttpSession, toolCall } from "./agent-support";

// The agent-session cache of the decision path: an announced change drops a session at once, and
// a read that was in flight when the change came cannot put the old row back.

let server: Awaited<ReturnType<typeof startLeanServer>>;
beforeAll(async () => {
  await ensureStarterPolicies();
  // With the listener up, cached sessions live until a change (not the short fallback).
  await startChangeListener();
  server = await startLeanServer();
});
afterAll(async () => {
  await server.close();
  await stopChangeListener();
});

describe("agent session cache", () => {
  it("a kill is refused at once in this process, with the session cached and the listener up", async () => {
    const a = await makeBoundedAgent();
    const s = await openHttpSession(server.url, a.basic);
    const post = agentPoster(server.url, s.json.session_token);
    for (let i = 0; i < 3; i++)
      expect((await post("/access/v1/evaluation", toolCall(a.agent.id, "read"))).json.decision).toBe(true);
    await killSession(callerFor(a.sponsorId), s.json.session_id, "incident");
    const after = await post("/access/v1/evaluation", toolCall(a.agent.id, "read"));
    expect(after.status).toBe(401);
    expect(after.json.error).toBe("session_ended");
  });

  it("a read in flight when a change is announced does not re-cache the row it read", async () => {
    const a = await makeBoundedAgent();
    const s = await openHttpSession(server.url, a.basic);
    const id = s.json.session_id;
    forgetSession(id);
    // The read starts, then the change is announced before its answer is stored.
    const inFlight = sessionById(id);
    forgetSession(id);
    expect((await inFlight)?.endedAt).toBeNull();
    // The row changes; its announcement may not have arrived yet, so only a row the in-flight
    // load did not cache lets the next read see the change.
    await db.agentSession.update({ where: { id }, data: { endedAt: new Date(), endReason: "test" } });
    expect((await sessionById(id))?.endedAt).not.toBeNull();
  });
});
