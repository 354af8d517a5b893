import { db } from "@/lib/db";
import { recordRefusal } from "@/lib/auth/refusals";
import { authenticateSession, sessionBearer } from "@/lib/agents/session-auth";
import { authenticateClient, readClientCredentials } from "@/lib/tokens/client-auth";
import { introspectToken } from "@/lib/tokens/introspect";
import { mcpAudience } from "@/lib/tokens/keys";

// Who is calling /mcp. An agent authenticates with its session token (Bearer tas_…: the calls
// belong to that session, for the person it proved), or with its own client credentials: HTTP
// Basic client_id:client_secret, or a client-credentials access token Triad issued for the MCP
// audience (mcpAudience(), lib/tokens/keys.ts). Credentials carry no session and no person: the agent asks for itself.

export type McpAgent = {
  agentId: string;
  agentName: string;
  sessionId: string | null;
  onBehalfOfId: string | null;
};
type McpAuth = { ok: true; agent: McpAgent } | { ok: false; status: 401 | 403; message: string };

const how = () =>
  `Send Authorization: Bearer <agent session token> (POST /api/v1/agent-sessions), HTTP Basic with the agent's client credentials, or Bearer <an access token for audience ${mcpAudience()}>.`;

/** An ACTIVE, sponsored, unexpired agent, or why not. */
async function agentFor(actorId: string): Promise<McpAuth> {
  const actor = await db.actor.findUnique({
    where: { id: actorId },
    select: {
      kind: true,
      status: true,
      displayName: true,
      agent: { select: { sponsorId: true, expiresAt: true } },
    },
  });
  if (!actor || actor.kind !== "AGENT" || !actor.agent)
    return { ok: false, status: 403, message: "These credentials do not belong to an agent." };
  if (actor.status !== "ACTIVE")
    return { ok: false, status: 403, message: `${actor.displayName} is ${actor.status.toLowerCase()}.` };
  if (!actor.agent.sponsorId)
    return { ok: false, status: 403, message: `${actor.displayName} has no sponsor.` };
  if (actor.agent.expiresAt && actor.agent.expiresAt <= new Date())
    return { ok: false, status: 403, message: `${actor.displayName} has expired.` };
  return {
    ok: true,
    agent: { agentId: actorId, agentName: actor.displayName, sessionId: null, onBehalfOfId: null },
  };
}

export async function authenticateMcp(authorization: string | undefined, source: string): Promise<McpAuth> {
  const sessionToken = sessionBearer(authorization);
  if (sessionToken) {
    const auth = await authenticateSession(sessionToken, source);
    if (!auth.ok) return { ok: false, status: auth.status, message: auth.message };
    const s = auth.facts;
    return {
      ok: true,
      agent: { agentId: s.agentId, agentName: s.agentName, sessionId: s.id, onBehalfOfId: s.onBehalfOfId },
    };
  }
  const unauthenticated = async (via: string): Promise<McpAuth> => {
    // Nobody is authenticated yet: folded per address and minute, not one ledger entry each.
    await recordRefusal(source, "token_unauthenticated", { error: "invalid_client", via });
    return { ok: false, status: 401, message: how() };
  };
  if (authorization?.toLowerCase().startsWith("basic ")) {
    const client = await authenticateClient(readClientCredentials(authorization, {}));
    if (!client?.actorId) return unauthenticated("mcp client credentials");
    return agentFor(client.actorId);
  }
  if (authorization?.startsWith("Bearer ")) {
    const claims = await introspectToken(authorization.slice(7).trim());
    if (!claims.active || claims.kind !== "AGENT" || !claims.sub) return unauthenticated("mcp access token");
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    // A token issued for another resource server is not accepted here (no token passthrough).
    if (!aud.includes(mcpAudience()))
      return { ok: false, status: 401, message: `This access token is not for ${mcpAudience()}.` };
    // A token carrying a person (act claim) is delegation: that goes through a session.
    if (claims.act)
      return {
        ok: false,
        status: 403,
        message: "To act for a person, open a session with their token (POST /api/v1/agent-sessions).",
      };
    return agentFor(claims.sub);
  }
  return unauthenticated("mcp");
}
