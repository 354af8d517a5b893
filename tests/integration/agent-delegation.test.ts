import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { giveConsent, revokeConsent } from "@/lib/agents/consents";
import { introspectToken } from "@/lib/tokens/introspect";
import { exchangeToken, TOKEN_EXCHANGE } from "@/lib/tokens/exchange";
import { issueToken } from "@/lib/tokens/issue";
import { uid } from "@/tests/support/factories";
import { startLeanServer } from "./authzen-helpers";
import { makePerson } from "./ownership-support";
import { AUD, agentPoster, makeBoundedAgent, openHttpSession, toolCall } from "./agent-support";

let server: Awaited<ReturnType<typeof startLeanServer>>;
let resourceId: string;
beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
  const existing = await db.resource.findFirst({ where: { externalId: AUD } });
  resourceId =
    existing?.id ??
    (
      await db.resource.create({
        data: { name: `tickets-${uid()}`, kind: "APPLICATION", externalId: AUD, sourceSystem: "test" },
      })
    ).id;
});
afterAll(() => server.close());

async function personHolding(scopes: string[]) {
  const person = await makePerson();
  for (const name of scopes) {
    const ent =
      (await db.entitlement.findFirst({ where: { resourceId, name } })) ??
      (await db.entitlement.create({ data: { resourceId, name } }));
    await db.grant.create({ data: { actorId: person.id, entitlementId: ent.id, source: "BIRTHRIGHT" } });
  }
  return person;
}
const asPerson = (id: string) => ({
  actorId: id,
  ledger: { id: `user-${id.slice(0, 8)}`, kind: "USER" as const, name: "Person" },
});

async function actorToken(creds: { clientId: string; clientSecret: string }) {
  const out = await issueToken(creds, { grant_type: "client_credentials", audience: AUD });
  if (!out.ok) throw new Error(out.description);
  return out.accessToken;
}

describe("delegation that is proven (RFC 8693)", () => {
  it("exchanges a person's delegation token for a token with the act claim, capped to the intersection; the session acts for that person", async () => {
    const human = await personHolding(["tickets:read"]);
    const a = await makeBoundedAgent({ scopes: ["tickets:read", "tickets:write"] });
    const consent = await giveConsent(asPerson(human.id), {
      agentId: a.agent.id,
      purpose: "triage my tickets",
      minutes: 60,
    });
    const out = await exchangeToken(a.creds, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: consent.delegationToken,
      actor_token: await actorToken(a.creds),
      audience: AUD,
      scope: "tickets:read tickets:write",
    });
    if (!out.ok) throw new Error(out.description);
    expect(out.scope).toBe("tickets:read"); // the person does not hold tickets:write
    expect(decodeJwt(out.accessToken)).toMatchObject({
      sub: human.id,
      act: { sub: a.agent.id },
      cid: consent.consentId,
      aud: AUD,
    });
    expect(
      await db.logEntry.count({ where: { action: "token.exchanged", target: `actor:${a.agent.id}` } }),
    ).toBe(1);

    const onlyWrite = await exchangeToken(a.creds, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: consent.delegationToken,
      actor_token: await actorToken(a.creds),
      audience: AUD,
      scope: "tickets:write",
    });
    expect(onlyWrite).toMatchObject({ ok: false, status: 403, error: "invalid_scope" });

    expect(await introspectToken(out.accessToken)).toMatchObject({ active: true, scope: "tickets:read" });
    // The person loses the access the token was capped to: introspection says so at once.
    const held = await db.grant.findFirstOrThrow({ where: { actorId: human.id, status: "ACTIVE" } });
    await db.grant.update({ where: { id: held.id }, data: { status: "REVOKED" } });
    expect((await introspectToken(out.accessToken)).active).toBe(false);
    await db.grant.update({ where: { id: held.id }, data: { status: "ACTIVE" } });

    const s = await openHttpSession(server.url, a.basic, { task: "triage", subject_token: out.accessToken });
    expect(s.status).toBe(201);
    const row = await db.agentSession.findUniqueOrThrow({ where: { id: s.json.session_id } });
    expect(row).toMatchObject({ onBehalfOfId: human.id, consentId: consent.consentId });
    const post = agentPoster(server.url, s.json.session_token);
    const stated = await post(
      "/access/v1/evaluation",
      toolCall(a.agent.id, "read", {}, { onBehalfOf: (await makePerson()).id }),
    );
    expect(stated.status).toBe(403);

    // The person withdraws consent: the session ends, the token no longer opens sessions.
    expect(await revokeConsent(asPerson(human.id), consent.consentId)).toEqual({ sessionsEnded: 1 });
    expect((await post("/access/v1/evaluation", toolCall(a.agent.id, "read"))).status).toBe(401);
    // The exchanged token carried that consent: introspection calls it inactive from now on.
    expect((await introspectToken(out.accessToken)).active).toBe(false);
    expect(
      (await openHttpSession(server.url, a.basic, { task: "again", subject_token: out.accessToken })).status,
    ).toBe(403);
    await expect(revokeConsent(asPerson((await makePerson()).id), consent.consentId)).rejects.toThrow(
      /No active consent/,
    );
  });

  it("the same intersection via HTTP POST /api/v1/tokens", async () => {
    const human = await personHolding(["tickets:read", "tickets:write"]);
    const a = await makeBoundedAgent({ scopes: ["tickets:read"] });
    const consent = await giveConsent(asPerson(human.id), {
      agentId: a.agent.id,
      purpose: "triage",
      minutes: 30,
    });
    const res = await fetch(`${server.url}/api/v1/tokens`, {
      method: "POST",
      headers: { authorization: a.basic, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: TOKEN_EXCHANGE,
        subject_token: consent.delegationToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
        actor_token: await actorToken(a.creds),
        audience: AUD,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { scope: string; issued_token_type: string };
    expect(body.scope).toBe("tickets:read"); // the agent's boundary caps what the person holds
  });

  it("refuses an untrusted issuer, a person the agent may not act for, and a forged actor token — 4xx, ledgered", async () => {
    const human = await personHolding(["tickets:read"]);
    const a = await makeBoundedAgent({ onBehalfOf: "SPONSOR" });
    const consent = await giveConsent(asPerson(human.id), {
      agentId: a.agent.id,
      purpose: "triage",
      minutes: 30,
    });
    const before = await db.logEntry.count({
      where: { action: "token.refused", target: `actor:${a.agent.id}` },
    });
    const notSponsor = await exchangeToken(a.creds, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: consent.delegationToken,
      actor_token: await actorToken(a.creds),
      audience: AUD,
    });
    expect(notSponsor).toMatchObject({ ok: false, status: 403, error: "invalid_grant" });

    const { privateKey } = await generateKeyPair("ES256");
    const foreign = await new SignJWT({ email: "x@evil.example" })
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer("https://evil.example")
      .setSubject("x")
      .setAudience("triad")
      .setExpirationTime("5m")
      .sign(privateKey);
    const untrusted = await exchangeToken(a.creds, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: foreign,
      actor_token: await actorToken(a.creds),
      audience: AUD,
    });
    expect(untrusted).toMatchObject({ ok: false, status: 403, error: "invalid_grant" });
    expect(!untrusted.ok && untrusted.description).toMatch(/not trusted/);
    const badActor = await exchangeToken(a.creds, {
      grant_type: TOKEN_EXCHANGE,
      subject_token: consent.delegationToken,
      actor_token: "nope",
      audience: AUD,
    });
    expect(badActor).toMatchObject({ ok: false, status: 400 });
    expect(
      await db.logEntry.count({ where: { action: "token.refused", target: `actor:${a.agent.id}` } }),
    ).toBe(before + 3);
  });

  it("accepts an id token from a configured OIDC issuer, verified against its JWKS, when the person consented", async () => {
    const { publicKey, privateKey } = await generateKeyPair("ES256");
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "ES256" };
    const idp = createServer((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] })),
    );
    await new Promise<void>((r) => idp.listen(0, "127.0.0.1", r));
    const issuer = {
      issuer: "https://login.test.example",
      jwks_uri: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/jwks`,
      audience: "triad",
    };
    try {
      const human = await personHolding(["tickets:read"]);
      const email = (await db.humanProfile.findUniqueOrThrow({ where: { actorId: human.id } })).email;
      const a = await makeBoundedAgent();
      const idToken = await new SignJWT({ email, email_verified: true })
        .setProtectedHeader({ alg: "ES256", kid: "k1" })
        .setIssuer(issuer.issuer)
        .setSubject("u1")
        .setAudience("triad")
        .setIssuedAt()
        .setExpirationTime("5m")
        .sign(privateKey);
      const noConsent = await exchangeToken(
        a.creds,
        {
          grant_type: TOKEN_EXCHANGE,
          subject_token: idToken,
          actor_token: await actorToken(a.creds),
          audience: AUD,
        },
        { issuers: [issuer] },
      );
      expect(noConsent).toMatchObject({ ok: false, error: "invalid_grant" });
      await giveConsent(asPerson(human.id), { agentId: a.agent.id, purpose: "triage", minutes: 30 });
      const out = await exchangeToken(
        a.creds,
        {
          grant_type: TOKEN_EXCHANGE,
          subject_token: idToken,
          actor_token: await actorToken(a.creds),
          audience: AUD,
        },
        { issuers: [issuer] },
      );
      if (!out.ok) throw new Error(out.description);
      expect(decodeJwt(out.accessToken)).toMatchObject({ sub: human.id, act: { sub: a.agent.id } });
    } finally {
      idp.close();
    }
  });
});
