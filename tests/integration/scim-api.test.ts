import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { handleScim } from "@/lib/scim/handler";
import { createScimToken, revokeScimToken } from "@/lib/scim/tokens";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { drainRequested } from "@/lib/ledger/outbox";
import { makeActor, uid } from "@/tests/support/factories";

let token: string;
const BASE = "http://localhost/scim/v2";

async function scim(method: string, path: string, body?: unknown, auth: string | null = `Bearer ${token}`) {
  const headers: Record<string, string> = { "content-type": "application/scim+json" };
  if (auth) headers.authorization = auth;
  const req = new Request(`${BASE}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const segments = new URL(req.url).pathname
    .replace(/^\/scim\/v2\/?/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  const res = await handleScim(req, segments);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

const userBody = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
  userName,
  externalId: `okta-${userName}`,
  name: { givenName: "Barbara", familyName: "Jensen" },
  title: "Engineer",
  active: true,
  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Platform" },
  ...extra,
});

beforeAll(async () => {
  token = (await createScimToken(`okta-${uid()}`, SYSTEM_ACTOR, null)).token;
});

describe("SCIM auth and errors", () => {
  it("refuses a missing, wrong or revoked token with 401 in SCIM error format", async () => {
    for (const auth of [null, "Bearer nope-not-a-token", "Basic abc"]) {
      const r = await scim("GET", "/Users", undefined, auth);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
        status: "401",
      });
    }
    const t = await createScimToken("temp", SYSTEM_ACTOR, null);
    expect((await scim("GET", "/Users", undefined, `Bearer ${t.token}`)).status).toBe(200);
    await revokeScimToken(t.id, SYSTEM_ACTOR);
    expect((await scim("GET", "/Users", undefined, `Bearer ${t.token}`)).status).toBe(401);
  });

  it("answers bad JSON, bad filters, unknown ids and bad bodies with 4xx, never 500", async () => {
    const bad = await scim("POST", "/Users", "{not json");
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidSyntax");
    expect((await scim("POST", "/Users", { userName: "" })).status).toBe(400);
    expect((await scim("POST", "/Users", [1, 2])).status).toBe(400);
    const f = await scim("GET", `/Users?filter=${encodeURIComponent('favouriteColour co "x"')}`);
    expect(f.status).toBe(400);
    expect(f.body.scimType).toBe("invalidFilter");
    expect((await scim("GET", "/Users/not-a-uuid")).status).toBe(404);
    expect((await scim("GET", "/Users/00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await scim("GET", "/Nope")).status).toBe(404);
    expect(
      (await scim("PATCH", "/Users/00000000-0000-4000-8000-000000000000", { Operations: [] })).status,
    ).toBe(404);
    expect((await scim("GET", "/Users?startIndex=abc")).status).toBe(400);
    expect((await scim("GET", "/Users?startIndex=1e21")).status).toBe(400);
  });

  it("serves discovery endpoints", async () => {
    const spc = await scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.body.patch.supported).toBe(true);
    expect((await scim("GET", "/ResourceTypes")).body.Resources.map((r: { id: string }) => r.id)).toEqual([
      "User",
      "Group",
    ]);
    expect((await scim("GET", "/ResourceTypes/User")).body.endpoint).toBe("/Users");
    expect((await scim("GET", "/Schemas")).body.totalResults).toBe(3);
    expect((await scim("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")).body.name).toBe(
      "Group",
    );
  });
});

describe("SCIM Users", () => {
  it("creates, reads, filters, replaces and patches a user; 409 on duplicate userName", async () => {
    const userName = `bjensen-${uid()}@example.com`;
    const created = await scim("POST", "/Users", userBody(userName));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userName,
      active: true,
      displayName: "Barbara Jensen",
      externalId: `okta-${userName}`,
    });
    expect(created.headers.get("location")).toContain(`/Users/${created.body.id}`);
    const id = created.body.id as string;

    const actor = await db.actor.findUniqueOrThrow({ where: { id }, include: { human: true } });
    expect(actor).toMatchObject({ kind: "HUMAN", sourceSystem: "scim", status: "ACTIVE" });
    expect(actor.human).toMatchObject({ email: userName, department: "Platform", title: "Engineer" });
    // The entry was queued with the change; this process's drainer chains it right after.
    await drainRequested();
    expect(await db.logEntry.count({ where: { target: `actor:${id}`, action: "actor.provisioned" } })).toBe(
      1,
    );

    const dup = await scim("POST", "/Users", userBody(userName.toUpperCase()));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: "409", scimType: "uniqueness" });

    expect((await scim("GET", `/Users/${id}`)).body.userName).toBe(userName);
    const byName = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}`,
    );
    expect(byName.body).toMatchObject({ totalResults: 1, Resources: [{ id }] });
    const byExt = await scim(
      "GET",
      `/Users?filter=${encodeURIComponent(`externalId eq "okta-${userName}"`)}`,
    );
    expect(byExt.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);
    const none = await scim("GET", `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [] });

    const put = await scim(
      "PUT",
      `/Users/${id}`,
      userBody(userName, { title: "Staff Engineer", name: { formatted: "Babs Jensen" } }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ title: "Staff Engineer", displayName: "Babs Jensen" });

    const patch = await scim("PATCH", `/Users/${id}`, {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
      Operations: [
        { op: "replace", path: "title", value: "Principal" },
        {
          op: "replace",
          path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
          value: "Security",
        },
      ],
    });
    expect(patch.status).toBe(200);
    expect(patch.body).toMatchObject({
      title: "Principal",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Security" },
    });
    expect(
      (await scim("PATCH", `/Users/${id}`, { Operations: [{ op: "frobnicate", path: "title" }] })).status,
    ).toBe(400);
  });

  it("pages with startIndex and count", async () => {
    const prefix = `page-${uid()}`;
    for (let i = 0; i < 5; i++) await scim("POST", "/Users", userBody(`${prefix}-${i}@example.com`));
    const all = await scim("GET", "/Users?count=1000");
    const total = all.body.totalResults as number;
    expect(total).toBeGreaterThanOrEqual(5);
    const p1 = await scim("GET", "/Users?startIndex=1&count=2");
    const p2 = await scim("GET", "/Users?startIndex=3&count=2");
    expect(p1.body).toMatchObject({ startIndex: 1, itemsPerPage: 2, totalResults: total });
    expect(p2.body.startIndex).toBe(3);
    const ids = [...p1.body.Resources, ...p2.body.Resources].map((r: { id: string }) => r.id);
    expect(new Set(ids).size).toBe(4);
    expect((await scim("GET", "/Users?count=0")).body).toMatchObject({ totalResults: total, Resources: [] });
  });

  it("active=false marks the human OFFBOARDING and flags their NHIs and agents; DELETE retires and 404s", async () => {
    const created = await scim("POST", "/Users", userBody(`leaver-${uid()}@example.com`));
    const id = created.body.id as string;
    const nhi1 = await makeActor("NHI", { ownerId: id });
    const nhi2 = await makeActor("NHI", { ownerId: id });
    const agent = await makeActor("AGENT", { sponsorId: id });
    const other = await makeActor("NHI");

    // Okta-style PATCH without a path, Entra-style string boolean.
    const r = await scim("PATCH", `/Users/${id}`, {
      Operations: [{ op: "replace", value: { active: "False" } }],
    });
    expect(r.status).toBe(200);
    expect(r.body.active).toBe(false);
    const human = await db.actor.findUniqueOrThrow({ where: { id } });
    expect(human.status).toBe("OFFBOARDING");
    expect(human.flaggedAt).not.toBeNull();
    const flagged = await db.actor.findMany({
      where: { id: { in: [nhi1.id, nhi2.id, agent.id, other.id] } },
      select: { id: true, flaggedAt: true, flaggedReason: true, riskScore: true },
    });
    for (const f of flagged) {
      if (f.id === other.id) expect(f.flaggedAt).toBeNull();
      else {
        expect(f.flaggedAt).not.toBeNull();
        expect(f.flaggedReason).toContain("leaving");
        expect(f.riskScore).toBeGreaterThanOrEqual(25);
      }
    }
    // SCIM's entries reach the chain through the outbox, drained right after the change.
    await drainRequested();
    expect(await db.logEntry.count({ where: { target: `actor:${nhi1.id}`, action: "nhi.flagged" } })).toBe(1);
    expect(await db.logEntry.count({ where: { target: `actor:${agent.id}`, action: "agent.flagged" } })).toBe(
      1,
    );
    // Repeating the deactivation adds nothing.
    await scim("PATCH", `/Users/${id}`, { Operations: [{ op: "replace", path: "active", value: false }] });
    await drainRequested();
    expect(await db.logEntry.count({ where: { target: `actor:${nhi1.id}`, action: "nhi.flagged" } })).toBe(1);

    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(204);
    expect((await scim("GET", `/Users/${id}`)).status).toBe(404);
    expect((await db.actor.findUniqueOrThrow({ where: { id } })).status).toBe("RETIRED");
    expect((await scim("DELETE", `/Users/${id}`)).status).toBe(404);
  });
});

describe("SCIM Groups", () => {
  it("creates, filters, patches members, replaces and deletes a group; 409 on duplicate name", async () => {
    const a = (await scim("POST", "/Users", userBody(`ga-${uid()}@example.com`))).body.id as string;
    const b = (await scim("POST", "/Users", userBody(`gb-${uid()}@example.com`))).body.id as string;
    const name = `Platform ${uid()}`;
    const g = await scim("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: name,
      externalId: `grp-${name}`,
      members: [{ value: a }],
    });
    expect(g.status).toBe(201);
    const id = g.body.id as string;
    expect(g.body.members.map((m: { value: string }) => m.value)).toEqual([a]);
    expect((await scim("POST", "/Groups", { displayName: name })).status).toBe(409);
    expect(
      (
        await scim("POST", "/Groups", {
          displayName: `x-${uid()}`,
          members: [{ value: "00000000-0000-4000-8000-000000000000" }],
        })
      ).status,
    ).toBe(400);

    const found = await scim(
      "GET",
      `/Groups?filter=${encodeURIComponent(`displayName eq "${name}"`)}&excludedAttributes=members`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].members).toBeUndefined();

    await scim("PATCH", `/Groups/${id}`, {
      Operations: [{ op: "add", path: "members", value: [{ value: b }] }],
    });
    expect(
      (await scim("GET", `/Groups/${id}`)).body.members.map((m: { value: string }) => m.value).sort(),
    ).toEqual([a, b].sort());
    await scim("PATCH", `/Groups/${id}`, {
      Operations: [{ op: "remove", path: `members[value eq "${a}"]` }],
    });
    expect((await scim("GET", `/Groups/${id}`)).body.members.map((m: { value: string }) => m.value)).toEqual([
      b,
    ]);

    const put = await scim("PUT", `/Groups/${id}`, { displayName: `${name} renamed`, members: [] });
    expect(put.body).toMatchObject({ displayName: `${name} renamed`, members: [] });
    expect((await scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect((await scim("GET", `/Groups/${id}`)).status).toBe(404);
  });
});
