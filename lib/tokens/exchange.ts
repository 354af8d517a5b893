import { randomUUID } from "node:crypto";
import type { LedgerAction } from "@/lib/ledger/actions";
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { checkOnBehalfOf } from "@/lib/enforcement/agent/context";
import { authenticateClient, type ClientCredentials } from "./client-auth";
import { introspectToken } from "./introspect";
import { ALG, MAX_TOKEN_TTL_SECONDS, currentSigningKey, publicJwks, tokenIssuer } from "./keys";
import type { TokenOutcome } from "./issue";
import { liveGrantsFor, TOKEN_ACTOR_FIELDS } from "./actor-select";

// RFC 8693 token exchange: an agent (actor_token, client credentials) presents a person's proof
// (subject_token: a delegation token Triad issued to that person when they consented, or an id
// token from a configured OIDC provider). The result names the person in `sub` and the agent in
// `act`, and its scopes are the intersection of the agent's boundary, the consent and what the
// person holds on the audience. Every issuance and refusal is in the ledger.

export const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const DELEGATION_AUDIENCE = "triad:delegation";
const EXCHANGED_TTL_SECONDS = 900;

export type TrustedIssuer = { issuer: string; jwks_uri: string; audience: string };
const issuerSchema = z.array(
  z.object({ issuer: z.string().min(1), jwks_uri: z.url(), audience: z.string().min(1) }),
);

function trustedIssuers(): TrustedIssuer[] {
  const raw = env().TRIAD_OIDC_ISSUERS;
  if (!raw) return [];
  try {
    return issuerSchema.parse(JSON.parse(raw));
  } catch {
    console.error(
      "[triad] TRIAD_OIDC_ISSUERS is not a JSON list of {issuer, jwks_uri, audience}; no OIDC issuer is trusted",
    );
    return [];
  }
}

const exchangeSchema = z.object({
  grant_type: z.literal(TOKEN_EXCHANGE),
  subject_token: z
    .string({ message: "subject_token is required" })
    .min(1, "subject_token is required")
    .max(8192),
  subject_token_type: z.string().max(200).optional(),
  actor_token: z
    .string({ message: "actor_token is required (the agent's own access token)" })
    .min(1)
    .max(8192),
  actor_token_type: z.string().max(200).optional(),
  audience: z.string({ message: "audience is required" }).trim().min(1, "audience is required").max(500),
  scope: z.string().trim().max(1000).optional(),
});

type Refusal = Extract<TokenOutcome, { ok: false }>;
const refuse = (status: Refusal["status"], error: string, description: string): Refusal => ({
  ok: false,
  status,
  error,
  description,
});

async function ledger(
  actor: LedgerActor,
  action: LedgerAction,
  target: string | null,
  details: Record<string, string | string[] | null>,
) {
  await db.$transaction((tx) => appendLedger(tx, { actor, action, target, details }));
}

const remoteSets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

/** Who the subject token proves, with their active consent for this agent; or why not. */
async function verifySubject(
  token: string,
  agentId: string,
  issuers: TrustedIssuer[],
): Promise<
  | { ok: true; humanId: string; consentId: string; consentScopes: string[]; consentExpiresAt: Date }
  | { ok: false; error: string; message: string }
> {
  let iss: string | undefined;
  try {
    iss = decodeJwt(token).iss;
  } catch {
    return { ok: false, error: "invalid_request", message: "subject_token is not a JWT." };
  }
  let humanId: string | null = null;
  let consentId: string | null = null;
  if (iss === tokenIssuer(env().TRIAD_PUBLIC_URL)) {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, createLocalJWKSet(await publicJwks()), {
        algorithms: [ALG],
        issuer: iss,
        audience: DELEGATION_AUDIENCE,
      }));
    } catch {
      return {
        ok: false,
        error: "invalid_grant",
        message: "subject_token is not a valid, unexpired delegation token issued by Triad.",
      };
    }
    const mayAct = payload.may_act as { sub?: unknown } | undefined;
    if (mayAct?.sub !== agentId)
      return {
        ok: false,
        error: "invalid_grant",
        message: "The person's delegation token was issued for another agent.",
      };
    humanId = typeof payload.sub === "string" ? payload.sub : null;
    consentId = typeof payload.cid === "string" ? payload.cid : null;
  } else {
    const trusted = issuers.find((i) => i.issuer === iss);
    if (!trusted)
      return {
        ok: false,
        error: "invalid_grant",
        message: `subject_token issuer ${JSON.stringify(iss ?? null).slice(0, 200)} is not trusted (TRIAD_OIDC_ISSUERS).`,
      };
    let payload: JWTPayload;
    try {
      let set = remoteSets.get(trusted.jwks_uri);
      if (!set) remoteSets.set(trusted.jwks_uri, (set = createRemoteJWKSet(new URL(trusted.jwks_uri))));
      ({ payload } = await jwtVerify(token, set, { issuer: trusted.issuer, audience: trusted.audience }));
    } catch {
      return {
        ok: false,
        error: "invalid_grant",
        message: "The id token does not verify against its issuer's JWKS (signature, audience or expiry).",
      };
    }
    const email = typeof payload.email === "string" ? payload.email.toLowerCase() : null;
    // An unverified email could be anyone's: it identifies nobody (OIDC Core §5.1).
    if (!email || payload.email_verified !== true)
      return {
        ok: false,
        error: "invalid_grant",
        message: "The id token carries no verified email to identify the person.",
      };
    humanId =
      (await db.humanProfile.findUnique({ where: { email }, select: { actorId: true } }))?.actorId ?? null;
    if (!humanId)
      return { ok: false, error: "invalid_grant", message: "The id token's person is not in the inventory." };
  }
  if (!humanId) return { ok: false, error: "invalid_grant", message: "subject_token names no person." };
  const now = new Date();
  const consent = await db.agentConsent.findFirst({
    where: {
      humanId,
      agentId,
      revokedAt: null,
      expiresAt: { gt: now },
      ...(consentId ? { id: consentId } : {}),
    },
    orderBy: { createdAt: "desc" },
    select: { id: true, scopes: true, expiresAt: true },
  });
  if (!consent)
    return {
      ok: false,
      error: "invalid_grant",
      message: "The person has not consented to this agent acting for them, or withdrew that consent.",
    };
  return {
    ok: true,
    humanId,
    consentId: consent.id,
    consentScopes: consent.scopes,
    consentExpiresAt: consent.expiresAt,
  };
}

export async function exchangeToken(
  credentials: ClientCredentials,
  raw: Record<string, string | undefined>,
  options: { issuers?: TrustedIssuer[] } = {},
): Promise<TokenOutcome> {
  const anon: LedgerActor = {
    id: credentials?.clientId?.slice(0, 200) ?? "anonymous",
    kind: "API_CLIENT",
    name: "token exchange",
  };
  const client = await authenticateClient(credentials);
  if (!client?.actorId) {
    const r = refuse(401, "invalid_client", "Token exchange needs the agent's client authentication.");
    await ledger(anon, "token.refused", null, {
      error: r.error,
      reason: r.description,
      grant: "token-exchange",
    });
    return r;
  }
  const agent = await db.actor.findUnique({
    where: { id: client.actorId },
    select: {
      ...TOKEN_ACTOR_FIELDS,
      agent: { select: { sponsorId: true, onBehalfOf: true, actForIds: true } },
    },
  });
  const who: LedgerActor = {
    id: client.actorId,
    kind: agent?.kind === "AGENT" ? "AGENT" : "API_CLIENT",
    name: agent?.displayName ?? client.name,
  };
  const target = `actor:${client.actorId}`;
  const fail = async (r: Refusal) => {
    await ledger(who, "token.refused", target, {
      error: r.error,
      reason: r.description,
      grant: "token-exchange",
    });
    return r;
  };
  const parsed = exchangeSchema.safeParse(raw);
  if (!parsed.success)
    return fail(refuse(400, "invalid_request", parsed.error.issues.map((i) => i.message).join("; ")));
  const req = parsed.data;
  if (!agent || agent.kind !== "AGENT" || !agent.agent)
    return fail(
      refuse(403, "unauthorized_client", "Only agents exchange a person's token for delegated access."),
    );
  if (agent.status !== "ACTIVE" || !agent.agent.sponsorId)
    return fail(refuse(403, "unauthorized_client", `${agent.displayName} is not active or has no sponsor.`));

  const actor = await introspectToken(req.actor_token);
  if (!actor.active || actor.sub !== agent.id || actor.act)
    return fail(
      refuse(400, "invalid_grant", "actor_token must be this agent's own, unexpired access token."),
    );

  const subject = await verifySubject(req.subject_token, agent.id, options.issuers ?? trustedIssuers());
  if (!subject.ok)
    return fail(refuse(subject.error === "invalid_request" ? 400 : 403, subject.error, subject.message));

  const human = await db.actor.findUnique({
    where: { id: subject.humanId },
    select: {
      ...TOKEN_ACTOR_FIELDS,
      tags: true,
      grants: {
        where: liveGrantsFor(req.audience),
        select: { entitlement: { select: { name: true } } },
      },
    },
  });
  if (!human || human.kind !== "HUMAN")
    return fail(refuse(403, "invalid_grant", "The subject is not a person."));
  const chain = checkOnBehalfOf(
    {
      kind: "AGENT",
      id: agent.id,
      name: agent.displayName,
      status: agent.status,
      environment: "",
      riskScore: 0,
      teamId: agent.teamId,
      tags: [],
      entitlements: [],
      sponsorId: agent.agent.sponsorId,
      autonomy: "BOUNDED_AUTONOMY",
      onBehalfOfScope: agent.agent.onBehalfOf,
      tools: [],
    },
    {
      kind: "HUMAN",
      id: human.id,
      name: human.displayName,
      status: human.status,
      environment: "",
      riskScore: 0,
      teamId: human.teamId,
      tags: human.tags,
      entitlements: [],
      email: "",
      department: "",
      mfaEnrolled: true,
      mfaVerifiedAt: null,
      employmentStatus: "",
      sourceSystem: "",
    },
  );
  if (!chain.ok)
    return fail(
      refuse(
        403,
        "invalid_grant",
        `${agent.displayName} may not act for ${human.displayName}: ${chain.reason}.`,
      ),
    );
  if (agent.agent.actForIds.length && !agent.agent.actForIds.includes(human.id))
    return fail(
      refuse(
        403,
        "invalid_grant",
        `${agent.displayName} may not act for ${human.displayName}: not among the people it may act for.`,
      ),
    );

  // The intersection cap: the agent's client scopes ∩ the consent ∩ what the person holds on the audience.
  const agentAudiences = client.scopes.filter((s) => s.startsWith("aud:")).map((s) => s.slice(4));
  if (!agentAudiences.includes(req.audience))
    return fail(
      refuse(
        403,
        "invalid_target",
        `${agent.displayName} may not obtain tokens for audience "${req.audience}".`,
      ),
    );
  const humanHolds = new Set(human.grants.map((g) => g.entitlement.name));
  const agentScopes = client.scopes.filter((s) => !s.startsWith("aud:"));
  const requested = req.scope ? [...new Set(req.scope.split(/\s+/).filter(Boolean))] : agentScopes;
  const granted = requested.filter(
    (s) =>
      agentScopes.includes(s) &&
      humanHolds.has(s) &&
      (subject.consentScopes.length === 0 || subject.consentScopes.includes(s)),
  );
  if (granted.length === 0)
    return fail(
      refuse(
        403,
        "invalid_scope",
        `No scope is held by both ${agent.displayName} and ${human.displayName} (and consented to) on "${req.audience}".`,
      ),
    );

  const now = new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const ttl = Math.max(
    1,
    Math.min(
      EXCHANGED_TTL_SECONDS,
      MAX_TOKEN_TTL_SECONDS,
      Math.floor((subject.consentExpiresAt.getTime() - now.getTime()) / 1000),
    ),
  );
  const { kid, key } = await currentSigningKey(now);
  const jti = randomUUID();
  const scope = granted.join(" ");
  const token = await new SignJWT({
    kind: "AGENT",
    owner: agent.agent.sponsorId,
    scope,
    client_id: client.keyId,
    cid: subject.consentId,
    act: { sub: agent.id, kind: "AGENT" },
  })
    .setProtectedHeader({ alg: ALG, kid, typ: "at+jwt" })
    .setIssuer(tokenIssuer(env().TRIAD_PUBLIC_URL))
    .setSubject(human.id)
    .setAudience(req.audience)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ttl)
    .setJti(jti)
    .sign(key);
  await ledger(who, "token.exchanged", target, {
    jti,
    onBehalfOf: human.id,
    consentId: subject.consentId,
    audience: req.audience,
    scope,
    dropped: requested.filter((s) => !granted.includes(s)),
    expiresAt: new Date((iat + ttl) * 1000).toISOString(),
  });
  return { ok: true, accessToken: token, expiresIn: ttl, scope, jti };
}

/** A session's on-behalf-of proof: an exchanged token for this agent whose consent still stands. */
export async function verifyDelegatedToken(
  token: string,
  agentId: string,
): Promise<{ ok: true; humanId: string; consentId: string } | { ok: false; message: string }> {
  const t = await introspectToken(token);
  const act = t.active ? (t.act as { sub?: unknown } | undefined) : undefined;
  if (!t.active || act?.sub !== agentId || typeof t.sub !== "string" || typeof t.cid !== "string") {
    return {
      ok: false,
      message:
        "subject_token must be an unexpired token from token exchange that names this agent in its act claim.",
    };
  }
  const consent = await db.agentConsent.findFirst({
    where: { id: t.cid, humanId: t.sub, agentId, revokedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  });
  if (!consent) return { ok: false, message: "The person withdrew their consent, or it expired." };
  return { ok: true, humanId: t.sub, consentId: consent.id };
}

/** The proof a person hands an agent when they consent: ≤ 1 hour, bound to that agent and consent. */
export async function issueDelegationToken(input: {
  humanId: string;
  agentId: string;
  consentId: string;
  scopes: string[];
  expiresAt: Date;
}): Promise<string> {
  const now = new Date();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = Math.min(iat + MAX_TOKEN_TTL_SECONDS, Math.floor(input.expiresAt.getTime() / 1000));
  const { kid, key } = await currentSigningKey(now);
  return new SignJWT({
    kind: "HUMAN",
    may_act: { sub: input.agentId },
    cid: input.consentId,
    scope: input.scopes.join(" "),
  })
    .setProtectedHeader({ alg: ALG, kid, typ: "JWT" })
    .setIssuer(tokenIssuer(env().TRIAD_PUBLIC_URL))
    .setSubject(input.humanId)
    .setAudience(DELEGATION_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
}
