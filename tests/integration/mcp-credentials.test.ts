import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { setAgentStatus } from "@/lib/agents/mutations";
import { issueToken } from "@/lib/tokens/issue";
import { mcpAudience } from "@/lib/tokens/keys";
import { startLeanServer } from "./authzen-helpers";
import { callerFor } from "./ownership-support";
import { AUD, makeBoundedAgent } from "./agent-support";

// The MCP server authenticated with the agent's own credentials (no session): HTTP Basic with
// its client id and secret, or a client-credentials access token issued for the MCP audience.

let server: Awaited<ReturnType<typeof startLeanServer>>;
beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
});
afterAll(() => server.close());

async function mcpClient(authorization: string) {
  const client = new Client({ name: "test-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), {
      requestInit: { headers: { authorization } },
    }),
  );
  return client;
}

const listTools = (authorization: string) =>
  fetch(`${server.url}/mcp`, {
    method: "POST",
    headers: {
      authorization,
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list", params: {} }),
  });

async function mcpToken(creds: { clientId: string; clientSecret: string }, audience = mcpAudience()) {
  const out = await issueToken(creds, { grant_type: "client_credentials", audience });
  if (!out.ok) throw new Error(`token refused: ${JSON.stringify(out)}`);
  return out.accessToken;
}

describe("MCP with agent client credentials", () => {
  it("HTTP Basic client credentials: check_access decides for that agent, outside any session", async () => {
    const a = await makeBoundedAgent();
    const client = await mcpClient(a.basic);
    const check = await client.callTool({
      name: "check_access",
      arguments: { action: "invokeTool", resource: { type: "tool", id: "tickets" }, operation: "read" },
    });
    expect(check.structuredContent).toMatchObject({ decision: true });
    const id = (check.structuredContent as { decision_id: string }).decision_id;
    expect(await db.logEntry.findUniqueOrThrow({ where: { seq: BigInt(id) } })).toMatchObject({
      actor: a.agent.id,
      actorKind: "AGENT",
      details: { sessionId: null },
    });
    const outside = await client.callTool({
      name: "check_access",
      arguments: { action: "invokeTool", resource: { type: "tool", id: "tickets" }, operation: "delete" },
    });
    expect(outside.structuredContent).toMatchObject({ decision: false });
    const proposed = await client.callTool({
      name: "propose_access",
      arguments: {
        action: "invokeTool",
        resource: { type: "tool", id: "tickets" },
        operation: "close",
        reason: "customer asked to close it",
      },
    });
    const proposalId = (proposed.structuredContent as { proposal_id: string }).proposal_id;
    expect(await db.agentProposal.findUniqueOrThrow({ where: { id: proposalId } })).toMatchObject({
      status: "PENDING",
      agentId: a.agent.id,
      sessionId: null,
    });
    await client.close();
  });

  it("an access token for the MCP audience works; one for another audience, a wrong secret or a suspended agent does not", async () => {
    const a = await makeBoundedAgent();
    const client = await mcpClient(`Bearer ${await mcpToken(a.creds)}`);
    const check = await client.callTool({
      name: "check_access",
      arguments: { action: "invokeTool", resource: { type: "tool", id: "tickets" }, operation: "read" },
    });
    expect(check.structuredContent).toMatchObject({ decision: true });
    await client.close();

    // A token meant for another resource server is not accepted here.
    expect((await listTools(`Bearer ${await mcpToken(a.creds, AUD)}`)).status).toBe(401);
    const wrong = `Basic ${Buffer.from(`${a.creds.clientId}:wrong-secret`).toString("base64")}`;
    expect((await listTools(wrong)).status).toBe(401);
    expect((await listTools("Bearer not-a-token")).status).toBe(401);

    const token = await mcpToken(a.creds);
    await setAgentStatus(callerFor(a.sponsorId), {
      agentId: a.agent.id,
      status: "SUSPENDED",
      reason: "investigating",
    });
    expect((await listTools(a.basic)).status).toBe(403);
    expect((await listTools(`Bearer ${token}`)).status).toBe(401);
  });
});
