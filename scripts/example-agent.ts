// `npm run example:agent [-- --url http://localhost:3000]`: drives the whole agent loop against a
// running console and prints each step as KEY=value. A demo agent (sponsored by
// sponsor@triad.example) gets client credentials; the sponsor consents to it acting for them;
// the agent exchanges the sponsor's delegation token (RFC 8693), opens a session for them, calls a
// tool inside its boundary, proposes a tool call that needs approval, the sponsor approves it
// with `npm run triad -- proposal approve …`, the single-use credential works once and is refused
// the second time, the session is killed, and the next call is denied.
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { ensureAuthSecret, ensureDatabase } from "./lib/runtime";

const SPONSOR = "sponsor@triad.example";
const AGENT_NAME = "Ticket triage agent (example)";
const AUDIENCE = "https://tickets.example";

const say = (key: string, value: string | number | boolean) => console.log(`${key}=${value}`);

// The server closes idle keep-alive connections after a few seconds (the CLI step takes longer):
// a request that finds its pooled connection closed is sent again once.
async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, init);
  }
}

function cli(args: string[]): Record<string, string> {
  const out = execFileSync("npx", ["tsx", "scripts/triad.ts", ...args], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return Object.fromEntries(
    out
      .split("\n")
      .flatMap((l) =>
        /^[A-Z_]+=/.test(l) ? [[l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]] : [],
      ),
  );
}

async function main() {
  const { values } = parseArgs({ options: { url: { type: "string" } } });
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  ensureAuthSecret();
  const database = await ensureDatabase();
  const { env } = await import("../lib/env");
  const base = (values.url ?? `http://localhost:${env().PORT}`).replace(/\/$/, "");
  try {
    const { db } = await import("../lib/db");
    const { createActorClient } = await import("../lib/tokens/clients");
    const { giveConsent } = await import("../lib/agents/consents");
    const { killSession } = await import("../lib/agents/sessions");
    const { ensureStarterPolicies } = await import("../lib/policy/starter");
    await ensureStarterPolicies();

    const sponsorUser = await db.user.findUnique({
      where: { email: SPONSOR },
      select: { id: true, name: true, actorId: true },
    });
    if (!sponsorUser?.actorId)
      throw new Error(
        `${SPONSOR} is missing or not linked to a person: run npm start once on an empty database (demo data).`,
      );
    const sponsorId = sponsorUser.actorId;
    const boundary = [
      { tool: "tickets", actions: ["read", "close"], dataScopes: ["project:OPS"], approve: ["close"] },
    ];
    let agent = await db.actor.findFirst({
      where: { kind: "AGENT", displayName: AGENT_NAME, status: "ACTIVE" },
      select: { id: true },
    });
    agent ??= await db.actor.create({
      data: {
        kind: "AGENT",
        displayName: AGENT_NAME,
        externalId: `example-agent-${Date.now()}`,
        sourceSystem: "example",
        agent: {
          create: {
            model: "claude",
            provider: "Anthropic",
            runtime: "example-agent.ts",
            sponsorId,
            autonomyLevel: "BOUNDED_AUTONOMY",
            onBehalfOf: "SPONSOR",
            toolBoundary: boundary,
            toolAllowList: ["tickets"],
          },
        },
      },
      select: { id: true },
    });
    await db.agentProfile.update({
      where: { actorId: agent.id },
      data: { sponsorId, toolBoundary: boundary, toolAllowList: ["tickets"], onBehalfOf: "SPONSOR" },
    });
    const resource =
      (await db.resource.findFirst({ where: { externalId: AUDIENCE } })) ??
      (await db.resource.create({
        data: { name: "Tickets (example)", kind: "API", externalId: AUDIENCE, sourceSystem: "example" },
      }));
    const ent =
      (await db.entitlement.findFirst({ where: { resourceId: resource.id, name: "tickets:read" } })) ??
      (await db.entitlement.create({ data: { resourceId: resource.id, name: "tickets:read" } }));
    if (
      !(await db.grant.findFirst({ where: { actorId: sponsorId, entitlementId: ent.id, status: "ACTIVE" } }))
    )
      await db.grant.create({ data: { actorId: sponsorId, entitlementId: ent.id, source: "BIRTHRIGHT" } });
    const client = await createActorClient({
      actorId: agent.id,
      name: "example agent runtime",
      audiences: [AUDIENCE],
      scopes: ["tickets:read", "tickets:write"],
    });
    say("AGENT_ID", agent.id);
    const basic = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;

    // The person consents (in the console: Agents → My consents); the agent exchanges their proof.
    const consent = await giveConsent(
      { actorId: sponsorId, ledger: { id: sponsorUser.id, kind: "USER", name: sponsorUser.name } },
      { agentId: agent.id, purpose: "triage and close my duplicate tickets", minutes: 30 },
    );
    say("CONSENT_ID", consent.consentId);
    const form = (body: Record<string, string>) => ({
      method: "POST",
      headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(body),
    });
    const own = (await (
      await call(`${base}/api/v1/tokens`, form({ grant_type: "client_credentials", audience: AUDIENCE }))
    ).json()) as { access_token?: string; error_description?: string };
    if (!own.access_token) throw new Error(`client credentials refused: ${own.error_description}`);
    const exchanged = (await (
      await call(
        `${base}/api/v1/tokens`,
        form({
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: consent.delegationToken,
          actor_token: own.access_token,
          audience: AUDIENCE,
        }),
      )
    ).json()) as { access_token?: string; scope?: string; error_description?: string };
    if (!exchanged.access_token) throw new Error(`token exchange refused: ${exchanged.error_description}`);
    say("DELEGATED_SCOPE", JSON.stringify(exchanged.scope));

    const opened = await call(`${base}/api/v1/agent-sessions`, {
      method: "POST",
      headers: { authorization: basic, "content-type": "application/json" },
      body: JSON.stringify({ task: "triage duplicate tickets", subject_token: exchanged.access_token }),
    });
    const session = (await opened.json()) as {
      session_id: string;
      session_token: string;
      on_behalf_of: string;
    };
    say("SESSION_OPENED", session.session_id);
    say("ON_BEHALF_OF", JSON.stringify(sponsorUser.name));

    const evaluate = async (
      operation: string,
      args: Record<string, unknown>,
      extra: Record<string, unknown> = {},
    ) => {
      const res = await call(`${base}/access/v1/evaluation`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.session_token}`, "content-type": "application/json" },
        body: JSON.stringify({
          subject: { type: "agent", id: agent.id },
          action: { name: "invokeTool" },
          resource: { type: "tool", id: "tickets" },
          context: { operation, arguments: args, ...extra },
        }),
      });
      return {
        status: res.status,
        body: (await res.json()) as {
          decision: boolean;
          message?: string;
          context?: { reason_admin?: { en: string } };
        },
      };
    };
    const read = await evaluate("read", { ticket: "OPS-41" });
    say(
      "IN_BOUNDARY_TOOL",
      read.body.decision ? "allowed" : `denied (${read.body.context?.reason_admin?.en})`,
    );

    const args = { ticket: "OPS-41", resolution: "duplicate of OPS-40" };
    await evaluate("close", args, { reason: "OPS-41 duplicates OPS-40" });
    const proposal = await db.agentProposal.findFirstOrThrow({
      where: { agentId: agent.id, status: "PENDING", sessionId: session.session_id },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    say("PROPOSAL_CREATED", proposal.id);

    const code = cli(["totp-code", "--email", SPONSOR]).CODE;
    const approved = cli(["proposal", "approve", "--id", proposal.id, "--as", SPONSOR, "--code", code]);
    say("APPROVED_BY", approved.DECIDED_BY ?? "?");

    const cred = (await (
      await call(`${base}/api/v1/proposals/credential`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.session_token}`, "content-type": "application/json" },
        body: JSON.stringify({ proposal_id: proposal.id }),
      })
    ).json()) as { approval: string };
    const first = await evaluate("close", args, { approval: cred.approval });
    say(
      "CREDENTIAL_FIRST_USE",
      first.body.decision
        ? "allowed"
        : `denied (${first.body.message ?? first.body.context?.reason_admin?.en})`,
    );
    const second = await evaluate("close", args, { approval: cred.approval });
    say(
      "CREDENTIAL_SECOND_USE",
      second.body.decision ? "allowed" : `refused ${second.status} (${second.body.message})`,
    );

    await killSession(
      {
        ledger: { id: sponsorUser.id, kind: "USER", name: sponsorUser.name },
        actorId: sponsorId,
        isAdmin: false,
      },
      session.session_id,
      "example: demo over",
    );
    say("SESSION_KILLED", true);
    await new Promise((r) => setTimeout(r, 300));
    const after = await evaluate("read", { ticket: "OPS-42" });
    say("AFTER_KILL", after.body.decision ? "allowed" : `denied ${after.status} (${after.body.message})`);
  } finally {
    const { db } = await import("../lib/db");
    await db.$disconnect().catch(() => undefined);
    await database.stop();
  }
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : "";
  console.error(error instanceof Error ? `${error.message}${cause}` : error);
  process.exit(1);
});
