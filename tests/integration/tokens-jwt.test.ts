import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createActorClient } from "@/lib/tokens/clients";
import { issueToken } from "@/lib/tokens/issue";
import { introspectToken, revokeToken } from "@/lib/tokens/introspect";
import { currentSigningKey, publicJwks, rotateSigningKey } from "@/lib/tokens/keys";
import { makeAgent, makeNhi, makePerson } from "./ownership-support";

const AUD = "https://payments.internal";

async function ownedNhiClient(options: { rotationDueAt?: Date } = {}) {
  const owner = await makePerson();
  const nhi = await makeNhi({
    ownerId: owner.id,
    rotationDueAt: options.rotationDueAt ?? new Date(Date.now() + 30 * 86_400_000),
  });
  const client = await createActorClient({
    actorId: nhi.id,
    scopes: ["payments:read", "payments:write"],
    audiences: [AUD],
  });
  return { owner, nhi, creds: { clientId: client.clientId, clientSecret: client.clientSecret } };
}

const ok = <T extends { ok: boolean }>(o: T) => {
  if (!o.ok) throw new Error(`expected a token, got ${JSON.stringify(o)}`);
  return o as Extract<T, { ok: true }>;
};

describe("short-lived tokens for NHIs and agents", () => {
  it("issues an ES256 JWT that validates against the JWKS, is audience-bound and expires", async () => {
    const { nhi, owner, creds } = await ownedNhiClient();
    const out = ok(
      await issueToken(creds, {
        grant_type: "client_credentials",
        audience: AUD,
        scope: "payments:read",
        expires_in: "60",
      }),
    );
    expect(out.expiresIn).toBe(60);
    const jwks = createLocalJWKSet(await publicJwks());
    const { payload, protectedHeader } = await jwtVerify(out.accessToken, jwks, { audience: AUD });
    expect(protectedHeader.alg).toBe("ES256");
    expect(payload).toMatchObject({
      sub: nhi.id,
      kind: "NHI",
      owner: owner.id,
      scope: "payments:read",
      aud: AUD,
    });
    expect(payload.exp! - payload.iat!).toBe(60);
    await expect(jwtVerify(out.accessToken, jwks, { audience: "https://other" })).rejects.toThrow();
    await expect(
      jwtVerify(out.accessToken, jwks, { currentDate: new Date((payload.exp! + 1) * 1000) }),
    ).rejects.toThrow(/exp/);
    expect(await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: "token.issued" } })).toBe(1);
  });

  it("never issues more than an hour", async () => {
    const { creds } = await ownedNhiClient();
    const refused = await issueToken(creds, {
      grant_type: "client_credentials",
      audience: AUD,
      expires_in: "86400",
    });
    expect(refused).toMatchObject({ ok: false, status: 400, error: "invalid_request" });
  });

  it("refuses bad credentials, wrong audience, extra scopes and retired, unowned or overdue NHIs — and logs each", async () => {
    const { nhi, creds } = await ownedNhiClient();
    const before = await db.logEntry.count({ where: { action: "token.refused" } });
    expect(
      await issueToken(
        { ...creds, clientSecret: "wrong" },
        { grant_type: "client_credentials", audience: AUD },
      ),
    ).toMatchObject({ status: 401, error: "invalid_client" });
    expect(await issueToken(null, { grant_type: "client_credentials", audience: AUD })).toMatchObject({
      status: 401,
      error: "invalid_client",
    });
    expect(await issueToken(creds, { grant_type: "password", audience: AUD })).toMatchObject({
      status: 400,
      error: "unsupported_grant_type",
    });
    expect(
      await issueToken(creds, { grant_type: "client_credentials", audience: "https://evil" }),
    ).toMatchObject({ status: 403, error: "invalid_target" });
    expect(
      await issueToken(creds, { grant_type: "client_credentials", audience: AUD, scope: "admin" }),
    ).toMatchObject({ status: 403, error: "invalid_scope" });

    await db.actor.update({ where: { id: nhi.id }, data: { status: "RETIRED" } });
    expect(await issueToken(creds, { grant_type: "client_credentials", audience: AUD })).toMatchObject({
      status: 403,
      error: "unauthorized_client",
    });

    const overdue = await ownedNhiClient({ rotationDueAt: new Date(Date.now() - 86_400_000) });
    const r = await issueToken(overdue.creds, { grant_type: "client_credentials", audience: AUD });
    expect(r).toMatchObject({ status: 403 });
    expect(!r.ok && r.description).toMatch(/overdue for credential rotation/);

    const unowned = await makeNhi();
    const c = await createActorClient({ actorId: unowned.id, audiences: [AUD] });
    expect(
      await issueToken(
        { clientId: c.clientId, clientSecret: c.clientSecret },
        { grant_type: "client_credentials", audience: AUD },
      ),
    ).toMatchObject({ status: 403, error: "unauthorized_client" });
    expect(await db.logEntry.count({ where: { action: "token.refused" } })).toBe(before + 8);
  });

  it("puts the on-behalf-of human in sub and the agent in an RFC 8693 act claim", async () => {
    const sponsor = await makePerson();
    const agent = await makeAgent(sponsor.id);
    const c = await createActorClient({ actorId: agent.id, audiences: [AUD], scopes: ["tickets:read"] });
    const creds = { clientId: c.clientId, clientSecret: c.clientSecret };
    const out = ok(
      await issueToken(creds, { grant_type: "client_credentials", audience: AUD, on_behalf_of: sponsor.id }),
    );
    const { payload } = await jwtVerify(out.accessToken, createLocalJWKSet(await publicJwks()), {
      audience: AUD,
    });
    expect(payload).toMatchObject({
      sub: sponsor.id,
      act: { sub: agent.id },
      kind: "AGENT",
      owner: sponsor.id,
    });
    const stranger = await makePerson();
    expect(
      await issueToken(creds, { grant_type: "client_credentials", audience: AUD, on_behalf_of: stranger.id }),
    ).toMatchObject({ status: 403 });
    await db.agentProfile.update({ where: { actorId: agent.id }, data: { sponsorId: null } });
    expect(await issueToken(creds, { grant_type: "client_credentials", audience: AUD })).toMatchObject({
      status: 403,
      error: "unauthorized_client",
    });
  });

  it("introspection refuses revoked token ids and retired identities", async () => {
    const { nhi, creds } = await ownedNhiClient();
    const a = ok(await issueToken(creds, { grant_type: "client_credentials", audience: AUD }));
    const b = ok(await issueToken(creds, { grant_type: "client_credentials", audience: AUD }));
    expect(await introspectToken(a.accessToken)).toMatchObject({ active: true, sub: nhi.id, jti: a.jti });
    expect(
      await revokeToken(a.accessToken, { actorId: nhi.id, ledger: { id: "t", kind: "API_CLIENT" } }),
    ).toEqual({ revoked: true });
    expect(await introspectToken(a.accessToken)).toEqual({ active: false });
    expect(await introspectToken("not.a.token")).toEqual({ active: false });
    expect(await introspectToken(b.accessToken + "x")).toEqual({ active: false });
    await db.actor.update({ where: { id: nhi.id }, data: { status: "SUSPENDED" } });
    expect(await introspectToken(b.accessToken)).toEqual({ active: false });
  });

  it("key rotation keeps old tokens valid until they expire, then drops the old key", async () => {
    const { creds } = await ownedNhiClient();
    const old = ok(await issueToken(creds, { grant_type: "client_credentials", audience: AUD }));
    const oldKid = decodeProtectedHeader(old.accessToken).kid;
    const rotated = await rotateSigningKey({ force: true });
    expect(rotated.rotated).toBe(true);
    const fresh = ok(await issueToken(creds, { grant_type: "client_credentials", audience: AUD }));
    const newKid = decodeProtectedHeader(fresh.accessToken).kid;
    expect(newKid).not.toBe(oldKid);
    const jwks = await publicJwks();
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([oldKid, newKid]));
    await jwtVerify(old.accessToken, createLocalJWKSet(jwks), { audience: AUD });
    expect((await introspectToken(old.accessToken)).active).toBe(true);
    // An hour and two minutes later the old key is gone from the JWKS.
    const later = await publicJwks(new Date(Date.now() + 3_720_000));
    expect(later.keys.map((k) => k.kid)).not.toContain(oldKid);
    expect(later.keys.map((k) => k.kid)).toContain(newKid);
    // On schedule, a key that is not yet due is kept.
    expect((await rotateSigningKey()).rotated).toBe(false);
  });

  it("on schedule, publishes the next key a day ahead and switches signers exactly when the old one retires", async () => {
    const { row: current } = await rotateSigningKey({ force: true });
    const dayBefore = new Date(current.retiresAt.getTime() - 3_600_000);
    const scheduled = await rotateSigningKey({ now: dayBefore });
    expect(scheduled.rotated).toBe(true);
    expect((await rotateSigningKey({ now: dayBefore })).rotated).toBe(false); // only one next key
    const published = (await publicJwks(dayBefore)).keys.map((k) => k.kid);
    expect(published).toEqual(expect.arrayContaining([current.kid, scheduled.row.kid]));
    expect((await currentSigningKey(dayBefore)).kid).toBe(current.kid);
    expect((await currentSigningKey(current.retiresAt)).kid).toBe(scheduled.row.kid);
    await rotateSigningKey({ force: true }); // back to a key that signs now, for the other tests
  });
});
