import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createActorClient } from "@/lib/tokens/clients";
import { issueToken } from "@/lib/tokens/issue";
import { introspectToken } from "@/lib/tokens/introspect";
import { revokeGrant } from "@/lib/grants/revoke";
import { makeNhi, makePerson } from "./ownership-support";
import { uid } from "@/tests/support/factories";

// Tokens issued on the strength of a grant (the audience is a resource the NHI holds an
// entitlement on, not one of its client's own audiences) stop working when that grant ends,
// and an expired grant issues nothing, whether or not its expiry job has run.
async function nhiWithGrant(expiresAt: Date | null) {
  const owner = await makePerson();
  const nhi = await makeNhi({ ownerId: owner.id, rotationDueAt: new Date(Date.now() + 30 * 86_400_000) });
  const aud = `https://svc-${uid()}.internal`;
  const resource = await db.resource.create({
    data: { name: `svc-${uid()}`, kind: "API", externalId: aud, sourceSystem: "test" },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } });
  const grant = await db.grant.create({
    data: { actorId: nhi.id, entitlementId: ent.id, source: "REQUEST", expiresAt },
  });
  const client = await createActorClient({ actorId: nhi.id, scopes: ["read"], audiences: [] });
  return { aud, grant, creds: { clientId: client.clientId, clientSecret: client.clientSecret } };
}

describe("tokens and grants", () => {
  it("a token issued on a grant is inactive at introspection once the grant is revoked", async () => {
    const { aud, grant, creds } = await nhiWithGrant(new Date(Date.now() + 3600_000));
    const out = await issueToken(creds, { grant_type: "client_credentials", audience: aud });
    if (!out.ok) throw new Error(out.description);
    expect((await introspectToken(out.accessToken)).active).toBe(true);
    await revokeGrant(
      { ledger: { id: "admin", kind: "USER" }, actorId: null },
      { grantId: grant.id, reason: "incident" },
    );
    expect(await introspectToken(out.accessToken)).toEqual({ active: false });
  });

  it("an expired grant issues no token and makes earlier tokens inactive, before any job runs", async () => {
    const { aud, grant, creds } = await nhiWithGrant(new Date(Date.now() + 3600_000));
    const out = await issueToken(creds, { grant_type: "client_credentials", audience: aud });
    if (!out.ok) throw new Error(out.description);
    await db.grant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await introspectToken(out.accessToken)).toEqual({ active: false });
    expect(await issueToken(creds, { grant_type: "client_credentials", audience: aud })).toMatchObject({
      ok: false,
      error: "invalid_target",
    });
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("ACTIVE");
  });
});
