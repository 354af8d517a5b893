import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { GroupCommit } from "@/lib/decisions/group-commit";
import { dueDate, maxAgeFor } from "@/lib/rotation/due";
import { loadRules } from "@/lib/rotation/mutations";
import { recordRefusal } from "@/lib/auth/refusals";
import { authenticateClient, type ClientCredentials } from "./client-auth";
import { ALG, MAX_TOKEN_TTL_SECONDS, currentSigningKey, mcpAudience, tokenIssuer } from "./keys";
import { TOKEN_EXCHANGE, exchangeToken } from "./exchange";
import { liveGrantsFor, TOKEN_ACTOR_FIELDS } from "./actor-select";

export const DEFAULT_TOKEN_TTL_SECONDS = 900;

export const tokenRequestSchema = z.object({
  grant_type: z.string().max(100),
  audience: z.string().trim().min(1, "audience is required").max(500).optional(),
  resource: z.string().trim().max(500).optional(),
  scope: z.string().trim().max(1000).optional(),
  on_behalf_of: z.string().trim().max(100).optional(),
  expires_in: z.coerce.number().int().min(60).max(MAX_TOKEN_TTL_SECONDS).optional(),
});

export type TokenOutcome =
  | { ok: true; accessToken: string; expiresIn: number; scope: string; jti: string }
  | { ok: false; status: 400 | 401 | 403; error: string; description: string };

type Refusal = Extract<TokenOutcome, { ok: false }>;
const refuse = (status: Refusal["status"], error: string, description: string): Refusal => ({
  ok: false,
  status,
  error,
  description,
});

/**
 * OAuth 2.0 client_credentials for NHIs and agents: authenticates the client, checks the actor
 * (ACTIVE, owned/sponsored, rotation not overdue, audience and scopes allowed, on-behalf-of
 * allowed), signs a short-lived ES256 JWT, and records the issuance — or the refusal — in the
 * ledger. If the ledger cannot be written, no token is issued (fail closed).
 */
export async function issueToken(
  credentials: ClientCredentials,
  raw: Record<string, string | undefined>,
  source?: string,
): Promise<TokenOutcome> {
  if (raw.grant_type === TOKEN_EXCHANGE) return exchangeToken(credentials, raw);
  const parsed = tokenRequestSchema.safeParse(raw);
  const clientId = credentials?.clientId?.slice(0, 200) ?? null;
  // Before a client is authenticated, refusals are folded per source and minute (bounded ledger).
  const unauthenticated = (audience: string | undefined, refusal: Refusal) =>
    source
      ? recordRefusal(
          source,
          "token_unauthenticated",
          { error: refusal.error, clientId, audience: audience?.slice(0, 200) ?? null },
          { id: clientId ?? "anonymous", kind: "API_CLIENT", name: clientId ?? "unauthenticated client" },
        ).then(() => refusal)
      : logRefusal(null, clientId, audience, refusal);
  if (!parsed.success) {
    return unauthenticated(
      raw.audience,
      refuse(
        400,
        "invalid_request",
        parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "),
      ),
    );
  }
  const req = parsed.data;
  const audience = req.audience ?? req.resource;
  if (req.grant_type !== "client_credentials")
    return unauthenticated(
      audience,
      refuse(400, "unsupported_grant_type", `Supported grant types: client_credentials, ${TOKEN_EXCHANGE}.`),
    );
  if (!credentials)
    return unauthenticated(
      audience,
      refuse(
        401,
        "invalid_client",
        "Client authentication is required (HTTP Basic or client_id/client_secret).",
      ),
    );
  const client = await authenticateClient(credentials);
  if (!client)
    return unauthenticated(
      audience,
      refuse(401, "invalid_client", "Unknown client, wrong secret, or the client was revoked."),
    );
  if (!client.actorId)
    return logRefusal(
      null,
      client.keyId,
      audience,
      refuse(
        403,
        "unauthorized_client",
        "This client does not belong to an NHI or agent and cannot obtain tokens.",
      ),
    );
  if (!audience)
    return logRefusal(
      client.actorId,
      client.keyId,
      audience,
      refuse(400, "invalid_request", "audience is required: tokens are bound to one audience."),
    );

  const actor = await db.actor.findUnique({
    where: { id: client.actorId },
    select: {
      ...TOKEN_ACTOR_FIELDS,
      nhi: {
        select: {
          ownerId: true,
          claimStatus: true,
          nhiType: true,
          platform: true,
          rotationPeriodDays: true,
          lastRotatedAt: true,
          rotationDueAt: true,
          expiresAt: true,
        },
      },
      agent: { select: { sponsorId: true, onBehalfOf: true, maxSessionTtlMinutes: true, expiresAt: true } },
      createdAt: true,
      grants: {
        where: liveGrantsFor(audience),
        select: { id: true },
        orderBy: { expiresAt: { sort: "desc", nulls: "first" } },
        take: 1,
      },
    },
  });
  const log = (r: Refusal) => logRefusal(client.actorId, client.keyId, audience, r);
  if (!actor || actor.kind === "HUMAN")
    return log(refuse(403, "unauthorized_client", "The identity behind this client no longer exists."));
  if (actor.status !== "ACTIVE")
    return log(
      refuse(
        403,
        "unauthorized_client",
        `${actor.displayName} is ${actor.status.toLowerCase()}; only ACTIVE identities obtain tokens.`,
      ),
    );

  const now = new Date();
  let owner: string;
  let ttl = Math.min(req.expires_in ?? DEFAULT_TOKEN_TTL_SECONDS, MAX_TOKEN_TTL_SECONDS);
  let subject = actor.id;
  let act: { sub: string; kind: string } | undefined;
  if (actor.kind === "NHI") {
    const nhi = actor.nhi!;
    if (!nhi.ownerId || nhi.claimStatus !== "OWNED")
      return log(
        refuse(
          403,
          "unauthorized_client",
          `${actor.displayName} has no accountable owner; claim it before it can obtain tokens.`,
        ),
      );
    const due =
      nhi.rotationDueAt ?? dueDate(nhi.lastRotatedAt ?? actor.createdAt, maxAgeFor(await loadRules(), nhi));
    if (due <= now)
      return log(
        refuse(
          403,
          "unauthorized_client",
          `${actor.displayName} is overdue for credential rotation (due ${due.toISOString().slice(0, 10)}).`,
        ),
      );
    if (nhi.expiresAt && nhi.expiresAt <= now)
      return log(
        refuse(
          403,
          "unauthorized_client",
          `${actor.displayName} expired on ${nhi.expiresAt.toISOString().slice(0, 10)}.`,
        ),
      );
    if (req.on_behalf_of) return log(refuse(400, "invalid_request", "on_behalf_of is only for agents."));
    owner = nhi.ownerId;
  } else {
    const agent = actor.agent!;
    if (!agent.sponsorId)
      return log(
        refuse(
          403,
          "unauthorized_client",
          `${actor.displayName} has no sponsor; a human must sponsor it before it can obtain tokens.`,
        ),
      );
    if (agent.expiresAt && agent.expiresAt <= now)
      return log(
        refuse(
          403,
          "unauthorized_client",
          `${actor.displayName} expired on ${agent.expiresAt.toISOString().slice(0, 10)}.`,
        ),
      );
    owner = agent.sponsorId;
    ttl = Math.min(ttl, agent.maxSessionTtlMinutes * 60);
    if (req.on_behalf_of) {
      const refusal = await checkOnBehalfOf(req.on_behalf_of, agent, actor.teamId);
      if (refusal) return log(refusal);
      subject = req.on_behalf_of;
      act = { sub: actor.id, kind: "AGENT" };
    }
  }

  // Triad's own MCP server is an audience every agent may ask for: each call there is decided anew.
  const audiences = client.scopes.filter((s) => s.startsWith("aud:")).map((s) => s.slice(4));
  if (actor.kind === "AGENT" && !act) audiences.push(mcpAudience());
  if (!audiences.includes(audience) && actor.grants.length === 0) {
    return log(
      refuse(403, "invalid_target", `${actor.displayName} may not obtain tokens for audience "${audience}".`),
    );
  }
  const allowedScopes = client.scopes.filter((s) => !s.startsWith("aud:"));
  const requested = req.scope ? [...new Set(req.scope.split(/\s+/).filter(Boolean))] : allowedScopes;
  const extra = requested.filter((s) => !allowedScopes.includes(s));
  if (extra.length > 0)
    return log(refuse(403, "invalid_scope", `Scope not allowed for this client: ${extra.join(" ")}.`));

  const { kid, key } = await currentSigningKey(now);
  const jti = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const scope = requested.join(" ");
  // A token issued on the strength of a grant (not of the client's own audience scope) names
  // it, so introspection refuses the token once that grant is revoked or expired.
  const onGrant = !audiences.includes(audience) ? actor.grants[0]?.id : undefined;
  const token = await new SignJWT({
    kind: actor.kind,
    owner,
    scope,
    client_id: client.keyId,
    ...(act ? { act } : {}),
    ...(onGrant ? { grant: onGrant } : {}),
  })
    .setProtectedHeader({ alg: ALG, kid, typ: "at+jwt" })
    .setIssuer(tokenIssuer(env().TRIAD_PUBLIC_URL))
    .setSubject(subject)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(key);

  const seq = await tokenLedger().append({
    event: {
      actor: { id: actor.id, kind: actor.kind, name: actor.displayName },
      action: "token.issued",
      target: `actor:${actor.id}`,
      details: {
        jti,
        kid,
        clientId: client.keyId,
        audience,
        scope,
        grantId: onGrant ?? null,
        expiresAt: new Date((iat + ttl) * 1000).toISOString(),
        ...(act ? { onBehalfOf: subject } : {}),
      },
    },
  });
  // Fail closed: a token whose issuance is not in the ledger is never handed out.
  if (seq === null) throw new Error("token issuance could not be written to the ledger");
  return { ok: true, accessToken: token, expiresIn: ttl, scope, jti };
}

async function checkOnBehalfOf(
  humanId: string,
  agent: { sponsorId: string | null; onBehalfOf: string },
  agentTeamId: string | null,
): Promise<Refusal | null> {
  if (!z.uuid().safeParse(humanId).success)
    return refuse(400, "invalid_request", "on_behalf_of must be a person's actor id.");
  if (agent.onBehalfOf === "NONE")
    return refuse(403, "unauthorized_client", "This agent may not act on behalf of anyone.");
  const human = await db.actor.findUnique({
    where: { id: humanId },
    select: { kind: true, status: true, teamId: true, flaggedAt: true },
  });
  if (!human || human.kind !== "HUMAN")
    return refuse(403, "unauthorized_client", "on_behalf_of is not a known person.");
  if (human.status !== "ACTIVE" || human.flaggedAt)
    return refuse(403, "unauthorized_client", "The person this agent would act for is not active.");
  if (agent.onBehalfOf === "SPONSOR" && humanId !== agent.sponsorId)
    return refuse(403, "unauthorized_client", "This agent may act only on behalf of its sponsor.");
  if (agent.onBehalfOf === "TEAM" && (!agentTeamId || human.teamId !== agentTeamId))
    return refuse(403, "unauthorized_client", "This agent may act only on behalf of people in its team.");
  return null;
}

async function logRefusal(
  actorId: string | null,
  clientId: string | null,
  audience: string | undefined,
  refusal: Refusal,
): Promise<Refusal> {
  const who: LedgerActor = {
    id: clientId ?? "anonymous",
    kind: "API_CLIENT",
    name: clientId ?? "unauthenticated client",
  };
  await tokenLedger().append({
    event: {
      actor: who,
      action: "token.refused",
      target: actorId ? `actor:${actorId}` : clientId ? `api_client:${clientId}` : null,
      details: {
        error: refusal.error,
        reason: refusal.description,
        audience: audience?.slice(0, 200) ?? null,
      },
    },
  });
  return refusal;
}

// Issuances and refusals are group-committed: many concurrent requests share one ledger
// transaction (one lock, one insert), which also stamps each client's lastUsedAt.
const globalForTokens = globalThis as unknown as { triadTokenLedger?: GroupCommit };

function tokenLedger(): GroupCommit {
  globalForTokens.triadTokenLedger ??= new GroupCommit(async (tx, items) => {
    const clientIds = [
      ...new Set(
        items.flatMap((i) =>
          i.event.action === "token.issued" && typeof i.event.details?.clientId === "string"
            ? [i.event.details.clientId]
            : [],
        ),
      ),
    ];
    if (clientIds.length)
      await tx.apiClient.updateMany({
        where: { keyId: { in: clientIds } },
        data: { lastUsedAt: new Date() },
      });
    return appendLedger(
      tx,
      items.map((i) => i.event),
    );
  });
  return globalForTokens.triadTokenLedger;
}
