import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { drainRequested } from "@/lib/ledger/outbox";
import { uid } from "@/tests/support/factories";
import {
  CORE,
  ENT,
  GROUP,
  patchOps,
  q,
  resources,
  scimClientForFile,
  type Json,
  type ScimResponse,
} from "./scim-helpers";

// The request shapes Microsoft Entra ID's SCIM validator and Okta's SCIM 2.0 test plan send,
// over real HTTP against the lean server; each case checks the round trip with a GET.

const client = scimClientForFile();
const call = client.call;

/** What Entra sends on create with the default attribute mappings (names in our own words). */
function entraUser(tag = uid()) {
  return {
    schemas: [CORE, ENT],
    externalId: `mailnick-${tag}`,
    userName: `Dale.Mohr-${tag}@Contoso.example`,
    active: true,
    displayName: "Dale Mohr",
    title: "Site Reliability Engineer",
    preferredLanguage: "en-GB",
    emails: [{ primary: true, type: "work", value: `dale-${tag}@mail.contoso.example` }],
    meta: { resourceType: "User" },
    name: { formatted: "Dale Mohr", familyName: "Mohr", givenName: "Dale" },
    phoneNumbers: [
      { type: "work", value: "+44 20 7946 0000" },
      { type: "mobile", value: "+44 7700 900000" },
      { type: "fax", value: "+44 20 7946 0001" },
    ],
    addresses: [
      {
        type: "work",
        formatted: "1 Main St, London",
        streetAddress: "1 Main St",
        locality: "London",
        region: "LDN",
        postalCode: "EC1A 1BB",
        country: "GB",
        primary: true,
      },
    ],
    [ENT]: {
      employeeNumber: `E-${tag}`,
      department: "Platform",
      costCenter: "CC-42",
      organization: "Contoso",
      division: "Engineering",
    },
  };
}

async function create(body: Json = entraUser()): Promise<string> {
  const r = await call("POST", "/Users", body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as string;
}

describe("Users: Entra ID validator shapes", () => {
  it("creates a user and returns every attribute it accepted, on POST, GET and filter", async () => {
    const body = entraUser();
    const r = await call("POST", "/Users", body);
    expect(r.status).toBe(201);
    expect(r.headers.get("location")).toBe(`${client.url()}/scim/v2/Users/${r.body.id}`);
    expect(r.headers.get("etag")).toBe((r.body.meta as Json).version);
    const { meta: _meta, schemas: _schemas, ...sent } = body;
    const got = await call("GET", `/Users/${r.body.id}`);
    expect(got.body).toMatchObject(sent);
    expect(got.body.schemas).toEqual([CORE, ENT]);
    // userName is kept apart from the emails, and matched case-insensitively.
    const found = await call("GET", `/Users?filter=${q(`userName eq "${body.userName.toLowerCase()}"`)}`);
    expect(found.body).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1 });
    expect(resources(found)[0]).toMatchObject(sent);
    const actor = await db.actor.findUniqueOrThrow({
      where: { id: r.body.id as string },
      include: { human: true },
    });
    expect(actor.human).toMatchObject({
      email: body.emails[0].value,
      department: "Platform",
      title: body.title,
    });
  });

  it("applies the attribute-update PATCH (Replace/Add, value-filter paths, sub-attributes, enterprise URN) and GET shows it", async () => {
    const id = await create();
    const manager = await create();
    const r = await call(
      "PATCH",
      `/Users/${id}`,
      patchOps(
        { op: "Replace", path: "displayName", value: "Dale R. Mohr" },
        { op: "Replace", path: "name.familyName", value: "Renamed" },
        { op: "Replace", path: "name.givenName", value: "Dal" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "renamed@mail.contoso.example" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+44 7700 900999" },
        { op: "Replace", path: 'addresses[type eq "work"].locality', value: "Manchester" },
        { op: "Add", path: 'emails[type eq "home"].value', value: "dale@home.example" },
        { op: "Replace", path: `${ENT}:employeeNumber`, value: "E-2" },
        { op: "Add", path: `${ENT}:manager`, value: manager },
        { op: "Replace", path: "title", value: "Principal" },
        { op: "Replace", path: "userType", value: "Employee" },
      ),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const got = (await call("GET", `/Users/${id}`)).body;
    expect(got).toMatchObject({
      displayName: "Dale R. Mohr",
      name: { familyName: "Renamed", givenName: "Dal", formatted: "Dale Mohr" },
      title: "Principal",
      userType: "Employee",
    });
    expect(got.emails).toEqual([
      { primary: true, type: "work", value: "renamed@mail.contoso.example" },
      { type: "home", value: "dale@home.example" },
    ]);
    expect(got.phoneNumbers).toContainEqual({ type: "mobile", value: "+44 7700 900999" });
    expect((got.addresses as Json[])[0]).toMatchObject({
      locality: "Manchester",
      streetAddress: "1 Main St",
    });
    expect(got[ENT]).toMatchObject({
      employeeNumber: "E-2",
      manager: { value: manager, displayName: "Dale Mohr" },
    });
    expect((await db.humanProfile.findUniqueOrThrow({ where: { actorId: id } })).email).toBe(
      "renamed@mail.contoso.example",
    );
    await drainRequested();
    const entry = await db.logEntry.findFirstOrThrow({
      where: { target: `actor:${id}`, action: "actor.updated" },
      orderBy: { seq: "desc" },
    });
    expect((entry.details as { changed: string[] }).changed).toEqual(
      expect.arrayContaining(["name", "emails", "enterprise:employeeNumber", "enterprise:manager"]),
    );

    // Removing the manager (Entra sends the URN path with no value).
    await call("PATCH", `/Users/${id}`, patchOps({ op: "Remove", path: `${ENT}:manager` }));
    expect(((await call("GET", `/Users/${id}`)).body[ENT] as Json).manager).toBeUndefined();
  });

  it("disables a user with Entra's string boolean; GET and filter both show active false", async () => {
    const body = entraUser();
    const id = await create(body);
    expect(
      (await call("PATCH", `/Users/${id}`, patchOps({ op: "Replace", path: "active", value: "False" })))
        .status,
    ).toBe(200);
    expect((await call("GET", `/Users/${id}`)).body.active).toBe(false);
    const found = await call("GET", `/Users?filter=${q(`userName eq "${body.userName}"`)}`);
    expect(resources(found)[0].active).toBe(false);
    expect((await db.actor.findUniqueOrThrow({ where: { id } })).status).toBe("OFFBOARDING");
    // And back: the IdP re-enables the person.
    await call("PATCH", `/Users/${id}`, patchOps({ op: "Replace", path: "active", value: "True" }));
    expect((await call("GET", `/Users/${id}`)).body.active).toBe(true);
    expect((await db.actor.findUniqueOrThrow({ where: { id } })).status).toBe("ACTIVE");
  });

  it("takes a no-path value object with dotted and URN keys, several ops atomically", async () => {
    const id = await create();
    await call(
      "PATCH",
      `/Users/${id}`,
      patchOps({
        op: "replace",
        value: { "name.givenName": "Ana", [`${ENT}:department`]: "Security", nickName: "Ani" },
      }),
    );
    const got = (await call("GET", `/Users/${id}`)).body;
    expect(got).toMatchObject({
      name: { givenName: "Ana" },
      nickName: "Ani",
      [ENT]: { department: "Security" },
    });
    // The second op fails: the first must not be applied either.
    const bad = await call(
      "PATCH",
      `/Users/${id}`,
      patchOps(
        { op: "replace", path: "title", value: "Should not stick" },
        { op: "replace", path: "shoeSize", value: "44" },
      ),
    );
    expect(bad.status).toBe(400);
    expect((await call("GET", `/Users/${id}`)).body.title).toBe("Site Reliability Engineer");
  });
});

describe("Users: Okta SCIM 2.0 test plan shapes", () => {
  it("creates (with password and groups), finds by userName with paging, replaces, deactivates and reactivates", async () => {
    const userName = `okta-${uid()}@example.com`;
    const before = await call(
      "GET",
      `/Users?filter=${q(`userName eq "${userName}"`)}&startIndex=1&count=100`,
    );
    expect(before.body).toMatchObject({ totalResults: 0, Resources: [] });
    const created = await call("POST", "/Users", {
      schemas: [CORE],
      userName,
      name: { givenName: "Test", familyName: "User" },
      emails: [{ primary: true, value: userName, type: "work" }],
      displayName: "Test User",
      locale: "en-US",
      externalId: `00u${uid()}`,
      groups: [],
      password: "1mz050nq",
      active: true,
    });
    expect(created.status).toBe(201);
    expect(created.body.password).toBeUndefined();
    const id = created.body.id as string;
    const found = await call("GET", `/Users?filter=${q(`userName eq "${userName}"`)}&startIndex=1&count=100`);
    expect(resources(found).map((u) => u.id)).toEqual([id]);
    expect((await call("GET", "/Users/010101010101")).status).toBe(404);

    const put = await call("PUT", `/Users/${id}`, {
      ...created.body,
      name: { givenName: "Another", familyName: "User" },
    });
    expect(put.status).toBe(200);
    expect((await call("GET", `/Users/${id}`)).body).toMatchObject({
      name: { givenName: "Another", familyName: "User" },
      locale: "en-US",
    });

    expect(
      (await call("PATCH", `/Users/${id}`, patchOps({ op: "replace", value: { active: false } }))).body
        .active,
    ).toBe(false);
    expect(
      (await call("PATCH", `/Users/${id}`, patchOps({ op: "replace", value: { active: true } }))).body.active,
    ).toBe(true);
  });
});

describe("Users: queries", () => {
  const tag = uid();
  const ids: string[] = [];
  beforeAll(async () => {
    for (const [i, given] of ["Zoe", "Adam", "Mia"].entries()) {
      const r = await call("POST", "/Users", {
        userName: `q-${tag}-${i}@example.com`,
        name: { givenName: given, familyName: tag },
        title: i === 1 ? "CTO" : undefined,
        emails: [{ value: `q-${tag}-${i}@example.com`, type: i === 2 ? "home" : "work" }],
        [ENT]: { costCenter: `cc-${tag}` },
      });
      ids.push(r.body.id as string);
    }
  });
  const list = async (query: string) => {
    const r = await call("GET", `/Users?${query}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  };

  it("filters with every operator, and/or/not and parentheses", async () => {
    const idsOf = async (filter: string) =>
      resources(await list(`filter=${q(filter)}&sortBy=userName`)).map((u) => u.id);
    expect(await idsOf(`name.familyName eq "${tag}" and title pr`)).toEqual([ids[1]]);
    expect(await idsOf(`name.familyName eq "${tag}" and not (title pr)`)).toEqual([ids[0], ids[2]]);
    expect(
      await idsOf(`userName sw "Q-${tag}" and (name.givenName eq "zoe" or name.givenName co "ia")`),
    ).toEqual([ids[0], ids[2]]);
    expect(await idsOf(`userName ew "${tag}-1@example.com"`)).toEqual([ids[1]]);
    expect(await idsOf(`name.familyName eq "${tag}" and name.givenName ne "Adam"`)).toEqual([ids[0], ids[2]]);
    expect(await idsOf(`emails[type eq "home" and value co "${tag}"]`)).toEqual([ids[2]]);
    expect(await idsOf(`emails.value eq "q-${tag}-0@example.com"`)).toEqual([ids[0]]);
    expect(await idsOf(`${ENT}:costCenter eq "cc-${tag}" and active eq true`)).toHaveLength(3);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect(
      await idsOf(
        `name.familyName eq "${tag}" and meta.created gt "${since}" and meta.lastModified le "${new Date(Date.now() + 60_000).toISOString()}"`,
      ),
    ).toHaveLength(3);
    expect(await idsOf(`name.familyName eq "${tag}" and meta.created lt "${since}"`)).toHaveLength(0);
  });

  it("projects attributes and excludedAttributes, always keeping id", async () => {
    const only = resources(
      await list(`filter=${q(`name.familyName eq "${tag}"`)}&attributes=userName,name.givenName`),
    )[0];
    expect(Object.keys(only).sort()).toEqual(["id", "name", "schemas", "userName"]);
    expect(Object.keys(only.name as Json)).toEqual(["givenName"]);
    const without = resources(
      await list(`filter=${q(`name.familyName eq "${tag}"`)}&excludedAttributes=emails,${ENT}:costCenter,id`),
    )[0];
    expect(without.emails).toBeUndefined();
    expect(without.id).toBeDefined();
    expect(without[ENT]).toEqual({});
    expect((await call("GET", `/Users/${ids[0]}?attributes=displayName`)).body).toEqual({
      schemas: [CORE, ENT],
      id: ids[0],
      displayName: `Zoe ${tag}`,
    });
  });

  it("sorts, pages and answers count=0 with the total only", async () => {
    const f = `filter=${q(`name.familyName eq "${tag}"`)}`;
    const desc = resources(await list(`${f}&sortBy=name.givenName&sortOrder=descending`)).map(
      (u) => (u.name as Json).givenName,
    );
    expect(desc).toEqual(["Zoe", "Mia", "Adam"]);
    const page2 = await list(`${f}&sortBy=name.givenName&startIndex=2&count=1`);
    expect(page2.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 1 });
    expect((resources(page2)[0].name as Json).givenName).toBe("Mia");
    // The total from a short last page, and from a page past the end (counted).
    const last = await list(`${f}&sortBy=name.givenName&startIndex=2&count=5`);
    expect(last.body).toMatchObject({ totalResults: 3, startIndex: 2, itemsPerPage: 2 });
    expect(resources(last).map((u) => (u.name as Json).givenName)).toEqual(["Mia", "Zoe"]);
    expect((await list(`${f}&startIndex=9&count=2`)).body).toMatchObject({ totalResults: 3, Resources: [] });
    expect((await list(`${f}&count=0`)).body).toEqual({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
      totalResults: 3,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
  });
});

describe("Users: bad input is a SCIM error with the right status and scimType", () => {
  const expectError = (r: ScimResponse, status: number, scimType?: string) => {
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    expect(r.body).toMatchObject({
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      status: String(status),
      ...(scimType ? { scimType } : {}),
    });
  };

  it("unknown paths, unstored filters, malformed filters, blank userName, duplicates, stale If-Match", async () => {
    const body = entraUser();
    const id = await create(body);
    expectError(
      await call(
        "PATCH",
        `/Users/${id}`,
        patchOps({ op: "replace", path: "favouriteColour", value: "teal" }),
      ),
      400,
      "invalidPath",
    );
    expectError(
      await call(
        "PATCH",
        `/Users/${id}`,
        patchOps({ op: "replace", path: 'emails[type eq "work"].label', value: "x" }),
      ),
      400,
      "invalidPath",
    );
    expectError(
      await call("PATCH", `/Users/${id}`, patchOps({ op: "remove", path: 'emails[type eq "pager"]' })),
      400,
      "noTarget",
    );
    expectError(
      await call("PATCH", `/Users/${id}`, patchOps({ op: "replace", path: "userName", value: "" })),
      400,
      "invalidValue",
    );
    expectError(
      await call("PATCH", `/Users/${id}`, patchOps({ op: "remove", path: "userName" })),
      400,
      "invalidValue",
    );
    expectError(
      await call(
        "PATCH",
        `/Users/${id}`,
        patchOps({ op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" }),
      ),
      400,
      "mutability",
    );
    expectError(
      await call(
        "PATCH",
        `/Users/${id}`,
        patchOps({
          op: "replace",
          path: `${ENT}:manager`,
          value: { value: "00000000-0000-4000-8000-000000000000" },
        }),
      ),
      400,
      "invalidValue",
    );
    expectError(await call("GET", `/Users?filter=${q('favouriteColour eq "teal"')}`), 400, "invalidFilter");
    expectError(await call("GET", `/Users?filter=${q('userName eq "unterminated')}`), 400, "invalidFilter");
    expectError(await call("GET", `/Users?filter=${q("userName eq")}`), 400, "invalidFilter");
    expectError(await call("GET", `/Users?filter=${q("active gt true")}`), 400, "invalidFilter");
    expectError(await call("GET", `/Users?filter=${q('meta.created gt "yesterday"')}`), 400, "invalidFilter");
    expectError(await call("GET", `/Users?sortBy=shoeSize`), 400, "invalidPath");
    expectError(await call("GET", `/Users?attributes=shoeSize`), 400, "invalidPath");
    expectError(
      await call("POST", "/Users", { ...entraUser(), userName: body.userName.toUpperCase() }),
      409,
      "uniqueness",
    );
    expectError(await call("POST", "/Users", { ...entraUser(), shoeSize: 44 }), 400, "invalidPath");
    expectError(await call("POST", "/Users", { ...entraUser(), active: "sometimes" }), 400, "invalidValue");

    // ETags: the current version passes, a stale one is a 412 and changes nothing.
    const v1 = (await call("GET", `/Users/${id}`)).headers.get("etag")!;
    expect(v1).toMatch(/^W\/"/);
    const ok = await call("PATCH", `/Users/${id}`, patchOps({ op: "replace", path: "title", value: "v2" }), {
      "if-match": v1,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("etag")).not.toBe(v1);
    expectError(
      await call("PATCH", `/Users/${id}`, patchOps({ op: "replace", path: "title", value: "v3" }), {
        "if-match": v1,
      }),
      412,
    );
    expectError(await call("PUT", `/Users/${id}`, entraUser(), { "if-match": v1 }), 412);
    expectError(await call("DELETE", `/Users/${id}`, undefined, { "if-match": v1 }), 412);
    expect((await call("GET", `/Users/${id}`)).body.title).toBe("v2");
    expect(
      (await call("GET", `/Users/${id}`, undefined, { "if-none-match": ok.headers.get("etag")! })).status,
    ).toBe(304);
    expect((await call("GET", "/ServiceProviderConfig")).body).toMatchObject({
      etag: { supported: true },
      sort: { supported: true },
      filter: { supported: true },
    });

    expect(
      (await call("DELETE", `/Users/${id}`, undefined, { "if-match": ok.headers.get("etag")! })).status,
    ).toBe(204);
    expectError(await call("GET", `/Users/${id}`), 404);
  });

  it("advertises exactly the attributes it stores", async () => {
    const schemas = resources(await call("GET", "/Schemas"));
    const user = schemas.find((s) => s.id === CORE)!;
    const names = (user.attributes as Json[]).map((a) => a.name);
    expect(names).toEqual([
      "userName",
      "name",
      "displayName",
      "nickName",
      "title",
      "userType",
      "preferredLanguage",
      "locale",
      "timezone",
      "active",
      "emails",
      "phoneNumbers",
      "addresses",
    ]);
    const ent = schemas.find((s) => s.id === ENT)!;
    expect((ent.attributes as Json[]).map((a) => a.name)).toEqual([
      "employeeNumber",
      "costCenter",
      "organization",
      "division",
      "department",
      "manager",
    ]);
  });
});

describe("Groups: Entra and Okta shapes", () => {
  it("creates, finds without members, adds/removes/replaces members in bulk and one by one, renames", async () => {
    const [a, b, c] = [await create(), await create(), await create()];
    const name = `Group ${uid()}`;
    const g = await call("POST", "/Groups", {
      schemas: [GROUP],
      displayName: name,
      externalId: `ext-${name}`,
      members: [],
    });
    expect(g.status).toBe(201);
    const id = g.body.id as string;
    const found = await call(
      "GET",
      `/Groups?filter=${q(`displayName eq "${name}"`)}&excludedAttributes=members`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(resources(found)[0].members).toBeUndefined();

    const members = async () =>
      (((await call("GET", `/Groups/${id}`)).body.members as Json[]) ?? []).map((m) => m.value).sort();
    // Entra: Add with a list; Okta: add one member.
    expect(
      (
        await call(
          "PATCH",
          `/Groups/${id}`,
          patchOps({ op: "Add", path: "members", value: [{ value: a }, { value: b }] }),
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await call(
          "PATCH",
          `/Groups/${id}`,
          patchOps({ op: "add", path: "members", value: [{ value: c, display: "C" }] }),
        )
      ).status,
    ).toBe(204);
    expect(await members()).toEqual([a, b, c].sort());
    // Entra: Remove with a value list; Okta: remove by value filter.
    await call("PATCH", `/Groups/${id}`, patchOps({ op: "Remove", path: "members", value: [{ value: a }] }));
    await call("PATCH", `/Groups/${id}`, patchOps({ op: "remove", path: `members[value eq "${b}"]` }));
    expect(await members()).toEqual([c]);
    // Okta: rename with a no-path value object carrying the id.
    const renamed = await call(
      "PATCH",
      `/Groups/${id}?excludedAttributes=members`,
      patchOps({ op: "replace", value: { id, displayName: `${name} renamed` } }),
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe(`${name} renamed`);
    expect(renamed.body.members).toBeUndefined();
    // Replace the whole member list.
    await call(
      "PATCH",
      `/Groups/${id}`,
      patchOps({ op: "replace", path: "members", value: [{ value: a }, { value: b }] }),
    );
    expect(await members()).toEqual([a, b].sort());
    expect(
      await call("GET", `/Groups?filter=${q(`members[value eq "${a}"] and displayName sw "${name}"`)}`).then(
        (r) => resources(r).map((x) => x.id),
      ),
    ).toEqual([id]);
    await drainRequested();
    expect(await db.logEntry.count({ where: { target: `team:${id}`, action: "team.updated" } })).toBe(6);

    // Errors: unknown member, removing a non-member, stale version.
    const v = (await call("GET", `/Groups/${id}`)).headers.get("etag")!;
    const unknown = await call(
      "PATCH",
      `/Groups/${id}`,
      patchOps({ op: "add", path: "members", value: [{ value: "00000000-0000-4000-8000-000000000000" }] }),
    );
    expect(unknown).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    expect(
      (await call("PATCH", `/Groups/${id}`, patchOps({ op: "remove", path: `members[value eq "${c}"]` })))
        .body.scimType,
    ).toBe("noTarget");
    await call("PATCH", `/Groups/${id}`, patchOps({ op: "remove", path: "members" }), { "if-match": v });
    expect(
      (
        await call(
          "PATCH",
          `/Groups/${id}`,
          patchOps({ op: "add", path: "members", value: [{ value: c }] }),
          { "if-match": v },
        )
      ).status,
    ).toBe(412);
    expect(await members()).toEqual([]);
    expect((await call("DELETE", `/Groups/${id}`)).status).toBe(204);
  });

  it("answers a 10,000-member group in under a second, and patches it one member at a time", async () => {
    const tag = uid();
    const ids = await db.$queryRaw<{ id: string }[]>`
      WITH a AS (INSERT INTO "Actor"(id, kind, "displayName", "externalId", "sourceSystem")
                 SELECT gen_random_uuid(), 'HUMAN', 'Member ' || g, ${tag} || '-' || g, 'scim-bench' FROM generate_series(1, 10000) g RETURNING id, "externalId")
      INSERT INTO "HumanProfile"("actorId", email, department, title) SELECT id, "externalId" || '@big.example', 'Big', '' FROM a RETURNING "actorId"::text AS id`;
    const g = await call("POST", "/Groups", {
      displayName: `Big ${tag}`,
      members: ids.map((r) => ({ value: r.id })),
    });
    expect(g.status).toBe(201);
    const id = g.body.id as string;
    let t = performance.now();
    const full = await call("GET", `/Groups/${id}`);
    const fullMs = performance.now() - t;
    expect((full.body.members as Json[]).length).toBe(10_000);
    t = performance.now();
    const slim = await call(
      "GET",
      `/Groups?filter=${q(`displayName eq "Big ${tag}"`)}&excludedAttributes=members`,
    );
    const slimMs = performance.now() - t;
    expect(resources(slim)[0].members).toBeUndefined();
    const extra = await create();
    t = performance.now();
    expect(
      (
        await call(
          "PATCH",
          `/Groups/${id}`,
          patchOps({ op: "add", path: "members", value: [{ value: extra }] }),
        )
      ).status,
    ).toBe(204);
    const patchMs = performance.now() - t;
    console.log(
      `10,000-member group: GET ${fullMs.toFixed(0)} ms, list without members ${slimMs.toFixed(0)} ms, one-member PATCH ${patchMs.toFixed(0)} ms`,
    );
    expect(fullMs).toBeLessThan(1000);
    expect(slimMs).toBeLessThan(1000);
    expect(patchMs).toBeLessThan(1000);
  }, 60_000);
});
