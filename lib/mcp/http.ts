import type { IncomingMessage, ServerResponse } from "node:http";
import { BodyError, readJsonBody } from "@/lib/http/body";
import { sourceOfRequest } from "@/lib/auth/rate-limit";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { db } from "@/lib/db";
import { appendLedger } from "@/lib/ledger/append";
import { authenticateMcp, type McpAgent } from "./auth";
import type { LeanRoute } from "@/lib/server/lean-routes";
import { TOOL_DESCRIPTIONS, TOOL_SCHEMAS, runTool, type ToolName } from "./tools";

// Triad's MCP server on Streamable HTTP at /mcp (stateless: one server per request), served
// from the lean node:http routes. The agent authenticates with its session token or its own
// client credentials (./auth.ts). Tool calls
// with malformed arguments are refused here with a 400 JSON-RPC error and ledgered.

const MAX_BODY = 64 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

const rpcError = (id: unknown, code: number, message: string) => ({
  jsonrpc: "2.0",
  id: id ?? null,
  error: { code, message },
});

function serverFor(agent: McpAgent): McpServer {
  const server = new McpServer({ name: "triad", version: "1.0.0" });
  for (const name of Object.keys(TOOL_SCHEMAS) as ToolName[]) {
    server.registerTool(
      name,
      { description: TOOL_DESCRIPTIONS[name], inputSchema: TOOL_SCHEMAS[name].shape },
      async (args: unknown) => runTool(name, args, agent),
    );
  }
  return server;
}

/** Malformed tool arguments: a clear message naming the fields, before the SDK sees the call. */
function malformed(message: unknown): { id: unknown; tool: string; problem: string } | null {
  if (!message || typeof message !== "object" || Array.isArray(message)) return null;
  const m = message as { method?: unknown; id?: unknown; params?: { name?: unknown; arguments?: unknown } };
  if (m.method !== "tools/call") return null;
  const name = typeof m.params?.name === "string" ? m.params.name : "";
  if (!(name in TOOL_SCHEMAS))
    return {
      id: m.id,
      tool: name.slice(0, 80),
      problem: `unknown tool "${name.slice(0, 80)}"; use one of ${Object.keys(TOOL_SCHEMAS).join(", ")}`,
    };
  const parsed = TOOL_SCHEMAS[name as ToolName].safeParse(m.params?.arguments ?? {});
  if (parsed.success) return null;
  return {
    id: m.id,
    tool: name,
    problem: parsed.error.issues.map((i) => `${i.path.join(".") || "arguments"}: ${i.message}`).join("; "),
  };
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  try {
    const auth = await authenticateMcp(req.headers.authorization, sourceOfRequest(req));
    if (!auth.ok) return sendJson(res, auth.status, rpcError(null, -32001, auth.message));
    const agent = auth.agent;
    let body: unknown;
    if (req.method === "POST") {
      // The one capped body reader: strict UTF-8, no lone surrogates, no __proto__ keys.
      try {
        body = await readJsonBody(req, MAX_BODY);
      } catch (error) {
        if (!(error instanceof BodyError)) throw error;
        return sendJson(
          res,
          error.status,
          rpcError(null, error.status === 413 ? -32600 : -32700, error.message),
        );
      }
      const bad = malformed(body);
      if (bad) {
        await db.$transaction((tx) =>
          appendLedger(tx, {
            actor: { id: agent.agentId, kind: "AGENT", name: agent.agentName },
            action: "mcp.call_refused",
            target: `actor:${agent.agentId}`,
            details: { tool: bad.tool, problem: bad.problem.slice(0, 1000), sessionId: agent.sessionId },
          }),
        );
        return sendJson(
          res,
          400,
          rpcError(bad.id, -32602, `Invalid arguments for ${bad.tool || "tool"}: ${bad.problem}`),
        );
      }
    }
    const server = serverFor(agent);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on("close", () => {
      void transport.close();
      void server.close();
    });
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  } catch (error) {
    console.error("[triad] MCP request failed", error instanceof Error ? error.message : error);
    if (!res.headersSent)
      sendJson(res, 500, rpcError(null, -32603, "Internal error; nothing was approved or changed."));
  }
}

export const mcpRoutes: LeanRoute[] = [
  { method: "POST", path: "/mcp", handler: handle },
  { method: "GET", path: "/mcp", handler: handle },
  { method: "DELETE", path: "/mcp", handler: handle },
];
