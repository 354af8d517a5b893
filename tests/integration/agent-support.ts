import { db } from "@/lib/db";
import { createActorClient } from "@/lib/tokens/clients";
import { uid } from "@/tests/support/factories";
import { makePerson } from "./ownership-support";

export const AUD = "https://tickets.internal";

/** A sponsored agent with a tool boundary and client credentials for the tickets audience. */
export async function makeBoundedAgent(
  options: {
    sponsorId?: string;
    boundary?: { tool: string; actions: string[]; dataScopes: string[]; approve?: string[] }[];
    onBehalfOf?: "NONE" | "SPONSOR" | "TEAM" | "ANY_HUMAN";
    scopes?: string[];
  } = {},
) {
  const sponsor = options.sponsorId ? { id: options.sponsorId } : await makePerson();
  const boundary = options.boundary ?? [
    { tool: "tickets", actions: ["read", "close"], dataScopes: [], approve: ["close"] },
  ];
  const agent = await db.actor.create({
    data: {
      kind: "AGENT",
      displayName: `agent-${uid()}`,
      externalId: `agent-${uid()}`,
      sourceSystem: "test",
      agent: {
        create: {
          model: "claude",
          provider: "Anthropic",
          runtime: "test",
          sponsorId: sponsor.id,
          toolBoundary: boundary,
          toolAllowList: boundary.map((b) => b.tool),
          autonomyLevel: "BOUNDED_AUTONOMY",
          onBehalfOf: options.onBehalfOf ?? "ANY_HUMAN",
        },
      },
    },
  });
  const client = await createActorClient({
    actorId: agent.id,
    audiences: [AUD],
    scopes: options.scopes ?? ["tickets:read", "tickets:write"],
  });
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
  return {
    agent,
    sponsorId: sponsor.id,
    creds: { clientId: client.clientId, clientSecret: client.clientSecret },
    basic,
  };
}

export async function openHttpSession(
  url: string,
  basic: string,
  body: Record<string, unknown> = { task: "triage tickets" },
) {
  const res = await fetch(`${url}/api/v1/agent-sessions`, {
    method: "POST",
    headers: { authorization: basic, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    json: (await res.json()) as {
      session_id: string;
      session_token: string;
      error?: string;
      message?: string;
    },
  };
}

export function agentPoster(url: string, token: string) {
  return async (path: string, body: unknown, method = "POST") => {
    const res = await fetch(url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      json = { text };
    }
    return {
      status: res.status,
      json: json as Record<string, unknown> & {
        decision?: boolean;
        message?: string;
        error?: string;
        context?: { reason_admin: { en: string }; decision_id: string | null };
      },
    };
  };
}

export const toolCall = (
  agentId: string,
  operation: string,
  args: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => ({
  subject: { type: "agent", id: agentId },
  action: { name: "invokeTool" },
  resource: { type: "tool", id: "tickets" },
  context: { operation, arguments: args, ...extra },
});
