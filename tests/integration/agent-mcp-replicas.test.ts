import { spawn, type ChildProcess } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { killSession } from "@/lib/agents/sessions";
import { startChangeListener, stopChangeListener } from "@/lib/changes/listen";
import { makeUser } from "@/tests/support/factories";
import { startLeanServer } from "./authzen-helpers";
import { callerFor } from "./ownership-support";
import { agentPoster, makeBoundedAgent, openHttpSession, toolCall } from "./agent-support";

let server: Awaited<ReturnType<typeof startLeanServer>>;
beforeAll(async () => {
  await ensureStarterPolicies();
  await startChangeListener();
  server = await startLeanServer();
});
afterAll(async () => {
  await server.close();
  await stopChangeListener();
});

async function mcpClient(token: string) {
  const client = new Client({ name: "test-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function rawMcp(token: string, body: unknown) {
  const res = await fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as { error?: { message: string } } };
}

describe("the Triad MCP server", () => {
  it("lists its tools; check_access evaluates for the calling agent; propose_access only proposes; my_grants answers", async () => {
    const a = await makeBoundedAgent();
    const s = await openHttpSession(server.url, a.basic);
    const client = await mcpClient(s.json.session_token);
    const tools = (await client.listTools()).tools.map((t) => t.name).sort();
    expect(tools).toEqual(["check_access", "my_grants", "propose_access", "search_decisions"]);
    const check = await client.callTool({
      name: "check_access",
      arguments: { action: "invokeTool", resource: { type: "tool", id: "tickets" }, operation: "read" },
    });
    expect(check.structuredContent).toMatchObject({ decision: true });
    const proposed = await client.callTool({
      name: "propose_access",
      arguments: {
        action: "invokeTool",
        resource: { type: "tool", id: "tickets" },
        operation: "close",
        arguments: { ticket: "OPS-3" },
        reason: "customer asked to close it",
      },
    });
    const id = (proposed.structuredContent as { proposal_id: string }).proposal_id;
    expect(await db.agentProposal.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "PENDING",
      agentId: a.agent.id,
      reason: "customer asked to close it",
    });
    expect((await client.callTool({ name: "my_grants", arguments: {} })).structuredContent).toEqual({
      grants: [],
    });
    const search = await client.callTool({ name: "search_decisions", arguments: {} });
    expect(search.isError).toBe(true);
    await client.close();
  });

  it("search_decisions answers for an auditor's agent only", async () => {
    const auditorPerson = await db.actor.create({
      data: {
        kind: "HUMAN",
        displayName: "Auditor",
        externalId: `aud-${Date.now()}`,
        sourceSystem: "test",
        human: {
          create: { email: `auditor-${Date.now()}@test.example`, department: "Audit", title: "Auditor" },
        },
      },
    });
    await makeUser(["AUDITOR"], { actorId: auditorPerson.id });
    const a = await makeBoundedAgent({ sponsorId: auditorPerson.id });
    const s = await openHttpSession(server.url, a.basic);
    const client = await mcpClient(s.json.session_token);
    const out = await client.callTool({ name: "search_decisions", arguments: { limit: 5 } });
    expect(out.isError).toBeFalsy();
    expect(Array.isArray((out.structuredContent as { decisions: unknown[] }).decisions)).toBe(true);
    await client.close();
  });

  it("malformed calls get a clear 400 and are ledgered; no token is 401", async () => {
    const a = await makeBoundedAgent();
    const s = await openHttpSession(server.url, a.basic);
    const bad = await rawMcp(s.json.session_token, {
      jsonrpc: "2.0",
      id: 7,
      method: "tools/call",
      params: { name: "propose_access", arguments: { action: "invokeTool", resource: { type: "tool" } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/resource\.id/);
    const unknown = await rawMcp(s.json.session_token, {
      jsonrpc: "2.0",
      id: 8,
      method: "tools/call",
      params: { name: "approve_proposal", arguments: {} },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error?.message).toMatch(/unknown tool/);
    expect(
      await db.logEntry.count({ where: { action: "mcp.call_refused", target: `actor:${a.agent.id}` } }),
    ).toBe(2);
    expect((await rawMcp("nope", {})).status).toBe(401);
    const notJson = await fetch(`${server.url}/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.json.session_token}`, "content-type": "application/json" },
      body: "{",
    });
    expect(notJson.status).toBe(400);
  });
});

describe("a killed session across processes", () => {
  let child: ChildProcess;
  let otherUrl: string;
  beforeAll(async () => {
    child = spawn("npx", ["tsx", "tests/support/lean-process.ts"], {
      env: { ...process.env },
      stdio: ["pipe", "pipe", "inherit"],
    });
    otherUrl = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /PORT=(\d+)/.exec(out);
        if (m) resolve(`http://127.0.0.1:${m[1]}`);
      });
      child.on("exit", (code) => reject(new Error(`second process exited ${code}`)));
    });
  }, 60_000);
  afterAll(() => {
    child.stdin!.end();
    child.kill();
  });

  it("is refused by a second server process within a second", async () => {
    const a = await makeBoundedAgent();
    const s = await openHttpSession(server.url, a.basic);
    const there = agentPoster(otherUrl, s.json.session_token);
    expect((await there("/access/v1/evaluation", toolCall(a.agent.id, "read"))).json.decision).toBe(true); // now cached there
    await killSession(callerFor(a.sponsorId), s.json.session_id, "incident");
    const killedAt = Date.now();
    let status = 0;
    while (Date.now() - killedAt < 1000) {
      status = (await there("/access/v1/evaluation", toolCall(a.agent.id, "read"))).status;
      if (status === 401) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    expect(Date.now() - killedAt).toBeLessThan(1000);
  });
});
