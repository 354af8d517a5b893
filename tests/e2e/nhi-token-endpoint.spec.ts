import { createLocalJWKSet, jwtVerify } from "jose";
import { db } from "@/lib/db";
import { createActorClient } from "@/lib/tokens/clients";
import { expect, test } from "./fixtures";
import { makeNhi, makePerson } from "../integration/ownership-support";

// The machine-facing token endpoints over real HTTP: issuance, OAuth errors, JWKS, introspection.
test("an NHI obtains a short-lived JWT that verifies against the JWKS; bad requests get OAuth errors", async ({
  request,
}) => {
  const AUD = "https://orders.internal";
  const owner = await makePerson();
  const nhi = await makeNhi({ ownerId: owner.id, rotationDueAt: new Date(Date.now() + 30 * 86_400_000) });
  const { clientId, clientSecret } = await createActorClient({
    actorId: nhi.id,
    audiences: [AUD],
    scopes: ["orders:read"],
  });
  const basic = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`;
  // Introspection needs its own scope; the NHI's client does not have it.
  const gateway = await createActorClient({
    actorId: (await makeNhi({ ownerId: owner.id })).id,
    scopes: ["introspect"],
  });
  const introspector = `Basic ${Buffer.from(`${gateway.clientId}:${gateway.clientSecret}`).toString("base64")}`;

  const ok = await request.post("/api/v1/tokens", {
    headers: { authorization: basic },
    form: { grant_type: "client_credentials", audience: AUD },
  });
  expect(ok.status()).toBe(200);
  expect(ok.headers()["cache-control"]).toContain("no-store");
  const body = (await ok.json()) as { access_token: string; expires_in: number; token_type: string };
  expect(body.token_type).toBe("Bearer");
  expect(body.expires_in).toBeLessThanOrEqual(3600);
  const jwks = await (await request.get("/.well-known/jwks.json")).json();
  const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks), { audience: AUD });
  expect(payload).toMatchObject({ sub: nhi.id, kind: "NHI", owner: owner.id, scope: "orders:read" });

  const wrong = await request.post("/api/v1/tokens", {
    form: { grant_type: "client_credentials", audience: AUD, client_id: clientId, client_secret: "nope" },
  });
  expect(wrong.status()).toBe(401);
  expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
  const aud = await request.post("/api/v1/tokens", {
    headers: { authorization: basic },
    form: { grant_type: "client_credentials", audience: "https://elsewhere" },
  });
  expect(aud.status()).toBe(403);
  expect(await aud.json()).toMatchObject({ error: "invalid_target" });
  const junk = await request.post("/api/v1/tokens", {
    headers: { "content-type": "application/json" },
    data: "{not json",
  });
  expect(junk.status()).toBe(400);

  const unscoped = await request.post("/api/v1/introspect", {
    headers: { authorization: basic },
    form: { token: body.access_token },
  });
  expect(unscoped.status()).toBe(403);
  const active = await request.post("/api/v1/introspect", {
    headers: { authorization: introspector },
    form: { token: body.access_token },
  });
  expect(await active.json()).toMatchObject({ active: true, sub: nhi.id });
  await db.actor.update({ where: { id: nhi.id }, data: { status: "RETIRED" } });
  const retired = await request.post("/api/v1/tokens", {
    headers: { authorization: basic },
    form: { grant_type: "client_credentials", audience: AUD },
  });
  expect(retired.status()).toBe(403);
  expect(await retired.json()).toMatchObject({ error: "unauthorized_client" });
  expect(
    await (
      await request.post("/api/v1/introspect", {
        headers: { authorization: introspector },
        form: { token: body.access_token },
      })
    ).json(),
  ).toEqual({ active: false });
  // Every refusal is in the ledger: by identity once the client is known; before that, folded
  // per source and minute (the first one of the minute carries the client id).
  expect(await db.logEntry.count({ where: { target: `actor:${nhi.id}`, action: "token.refused" } })).toBe(2);
  expect(
    await db.authRefusal.count({
      where: { reason: "token_unauthenticated", window: { gte: new Date(Date.now() - 120_000) } },
    }),
  ).toBeGreaterThan(0);
});
