import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload } from "jose";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";
import { env } from "@/lib/env";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { liveGrantsFor } from "./actor-select";
import { ALG, publicJwks, tokenIssuer } from "./keys";

/** Only API clients holding this scope may introspect tokens (RFC 7662 §4: introspection reveals claims). */
export const INTROSPECT_SCOPE = "introspect";

export type Introspection = { active: false } | ({ active: true; token_type: "Bearer" } & JWTPayload);

/** Verifies a Triad access token against the published keys (signature, issuer, expiry). */
export async function verifyAccessToken(token: string, audience?: string): Promise<JWTPayload | null> {
  if (!token || token.length > 8192) return null;
  try {
    const jwks = createLocalJWKSet(await publicJwks());
    const { payload } = await jwtVerify(token, jwks, {
      algorithms: [ALG],
      issuer: tokenIssuer(env().TRIAD_PUBLIC_URL),
      ...(audience ? { audience } : {}),
    });
    return payload;
  } catch {
    return null;
  }
}

/**
 * RFC 7662 introspection: active only when the signature verifies, it has not expired, its jti
 * was not revoked, the identity behind it is still ACTIVE, the grant it was issued on (if any)
 * is live, and the consent it carries (if any) stands. Anything else is `{active:false}`.
 */
export async function introspectToken(token: string): Promise<Introspection> {
  const payload = await verifyAccessToken(token);
  if (!payload?.jti || !payload.sub) return { active: false };
  const revoked = await db.revokedToken.findUnique({ where: { jti: payload.jti }, select: { jti: true } });
  if (revoked) return { active: false };
  const act = payload.act as { sub?: string } | undefined;
  const actorId = act?.sub ?? payload.sub;
  const actor = await db.actor.findUnique({ where: { id: actorId }, select: { status: true } });
  if (!actor || actor.status !== "ACTIVE") return { active: false };
  // A token carrying a person's consent (delegation or an exchanged agent token) lives only as
  // long as that person is active and their consent stands.
  if (typeof payload.cid === "string" && !(await consentLive(payload.cid, payload.sub)))
    return { active: false };
  if (typeof payload.grant === "string" && !(await grantLive(payload.grant))) return { active: false };
  // An exchanged agent token's scopes were what the person held on the audience at exchange
  // time: a grant revoked or expired since narrows them now (none left: inactive).
  if (act?.sub && typeof payload.scope === "string") {
    const audience = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
    if (typeof audience !== "string") return { active: false };
    const scope = await stillHeld(payload.sub, audience, payload.scope.split(" ").filter(Boolean));
    if (!scope.length) return { active: false };
    return { active: true, token_type: "Bearer", ...payload, scope: scope.join(" ") };
  }
  return { active: true, token_type: "Bearer", ...payload };
}

/** Which of `scopes` (entitlement names on `audience`) the person holds now. */
async function stillHeld(humanId: string, audience: string, scopes: string[]): Promise<string[]> {
  if (!isUuid(humanId)) return [];
  const held = await db.grant.findMany({
    where: {
      actorId: humanId,
      ...liveGrantsFor(audience),
      entitlement: { resource: { externalId: audience }, name: { in: scopes } },
    },
    select: { entitlement: { select: { name: true } } },
  });
  const names = new Set(held.map((g) => g.entitlement.name));
  return scopes.filter((s) => names.has(s));
}

/** Is the person behind a delegated token active, and their consent neither withdrawn nor lapsed? */
async function consentLive(consentId: string, humanId: string): Promise<boolean> {
  if (!isUuid(consentId)) return false;
  const c = await db.agentConsent.findFirst({
    where: {
      id: consentId,
      humanId,
      revokedAt: null,
      expiresAt: { gt: new Date() },
      human: { status: "ACTIVE" },
    },
    select: { id: true },
  });
  return c !== null;
}

/** Is the grant a token was issued on still ACTIVE and unexpired (the gate, job or no job)? */
async function grantLive(grantId: string): Promise<boolean> {
  if (!isUuid(grantId)) return false;
  const g = await db.grant.findUnique({ where: { id: grantId }, select: { status: true, expiresAt: true } });
  return !!g && g.status === "ACTIVE" && (!g.expiresAt || g.expiresAt.getTime() > Date.now());
}

/**
 * RFC 7009 revocation: records the token id so introspection refuses it until it expires.
 * A client may revoke tokens issued to its own identity; admins may revoke any (by jti).
 */
export async function revokeToken(
  token: string,
  by: { actorId: string | null; ledger: LedgerActor; any?: boolean },
): Promise<{ revoked: boolean }> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    return { revoked: false };
  }
  const verified = await verifyAccessToken(token);
  if (!verified?.jti || !claims.exp) return { revoked: false };
  const owner = (verified.act as { sub?: string } | undefined)?.sub ?? verified.sub;
  if (!by.any && owner !== by.actorId) return { revoked: false };
  return revokeJti(verified.jti, new Date(claims.exp * 1000), by.ledger, owner ?? null);
}

export async function revokeJti(
  jti: string,
  expiresAt: Date,
  ledger: LedgerActor,
  actorId: string | null,
): Promise<{ revoked: boolean }> {
  return db.$transaction(async (tx) => {
    const existing = await tx.revokedToken.findUnique({ where: { jti }, select: { jti: true } });
    if (existing) return { revoked: false };
    await tx.revokedToken.create({ data: { jti, expiresAt } });
    await appendLedger(tx, {
      actor: ledger,
      action: "token.revoked",
      target: actorId ? `actor:${actorId}` : `token:${jti}`,
      details: { jti },
    });
    return { revoked: true };
  });
}
