import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { db } from "@/lib/db";
import { LEDGER_LOCK_KEY, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { onChange, startChangeListener, stopChangeListener } from "@/lib/changes/listen";
import { drainRequested } from "@/lib/ledger/outbox";
import { authenticateScim, createScimToken, revokeScimToken } from "@/lib/scim/tokens";
import { verifyLedger } from "@/lib/ledger/verify";
import { uid } from "@/tests/support/factories";
import { CORE, ENT, GROUP, patchOps, q, resources, scimClientForFile, type Json } from "./scim-helpers";

// Request shapes that must round-trip beyond the validators' happy paths: Okta's full-replace
// PUT, Entra's no-path "add" value objects keyed by attribute paths, group PUT and paging edges.

const client = scimClientForFile();
const call = client.call;

const fullUser = (tag: string) => ({
  schemas: [CORE, ENT],
  userName: `put-${tag}@okta.example`,
  externalId: `00u-${tag}`,
  name: { givenName: "Pat", familyName: "Full", middleName: "Q", honorificPrefix: "Dr." },
  displayName: "Pat Full",
  nickName: "Patty",
  title: "Analyst",
  userType: "Employee",
  locale: "en-US",
  timezone: "Europe/Paris",
  active: true,
  emails: [
    { primary: true, type: "work", value: `put-${tag}@okta.example` },
    { type: "home", value: `home-${tag}@mail.example` },
  ],
  phoneNumbers: [{ type: "mobile", value: "+33 6 00 00 00 00" }],
  addresses: [{ type: "work", locality: "Paris", country: "FR" }],
  [ENT]: { employeeNumber: "7", costCenter: "CC-7", organization: "Org", division: "Div", department: "Ops" },
});

describe("Okta PUT is a full replace", () => {
  it("keeps exactly what the PUT sends: omitted attributes are cleared, GET matches the PUT answer", async () => {
    const tag = uid();
    const created = await call("POST", "/Users", fullUser(tag));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const put = await call("PUT", `/Users/${id}`, {
      schemas: [CORE],
      id,
      userName: `put-${tag}-renamed@okta.example`,
      name: { givenName: "Pat", familyName: "Replaced" },
      emails: [{ primary: true, type: "work", value: `put-${tag}-renamed@okta.example` }],
      active: true,
      groups: [],
      password: "ignored-Pa55",
      meta: { resourceType: "User" },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const got = (await call("GET", `/Users/${id}`)).body;
    for (const r of [put.body, got]) {
      expect(r.userName).toBe(`put-${tag}-renamed@okta.example`);
      expect(r.name).toEqual({ givenName: "Pat", familyName: "Replaced" });
      expect(r.emails).toEqual([{ primary: true, type: "work", value: `put-${tag}-renamed@okta.example` }]);
      for (const gone of [
        "nickName",
        "title",
        "userType",
        "locale",
        "timezone",
        "phoneNumbers",
        "addresses",
        ENT,
      ])
        expect(r[gone], gone).toBeUndefined();
      expect(r.password).toBeUndefined();
    }
    expect(got.meta).toEqual(put.body.meta);
    // The old userName is free again; the new one is found case-insensitively.
    const found = await call("GET", `/Users?filter=${q(`userName eq "PUT-${tag}-RENAMED@okta.example"`)}`);
    expect(resources(found).map((u) => u.id)).toEqual([id]);
  });

  it("replaces a group's name and members with PUT", async () => {
    const [a, b] = await Promise.all(
      [uid(), uid()].map(async (t) => (await call("POST", "/Users", fullUser(t))).body.id as string),
    );
    const name = `PUT group ${uid()}`;
    const g = await call("POST", "/Groups", { schemas: [GROUP], displayName: name, members: [{ value: a }] });
    const id = g.body.id as string;
    const put = await call("PUT", `/Groups/${id}`, {
      schemas: [GROUP],
      id,
      displayName: `${name} v2`,
      members: [{ value: b, display: "ignored" }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const got = (await call("GET", `/Groups/${id}`)).body;
    expect(got.displayName).toBe(`${name} v2`);
    expect((got.members as Json[]).map((m) => m.value)).toEqual([b]);
    expect(got.meta).toEqual(put.body.meta);
  });
});

describe("Entra no-path add", () => {
  it("takes a value object whose keys are attribute paths, value-filter paths and enterprise URN paths", async () => {
    const tag = uid();
    const id = (
      await call("POST", "/Users", { schemas: [CORE], userName: `nopath-${tag}@entra.example`, active: true })
    ).body.id as string;
    const r = await call(
      "PATCH",
      `/Users/${id}`,
      patchOps({
        op: "Add",
        value: {
          displayName: "No Path",
          "name.givenName": "No",
          "name.familyName": "Path",
          'emails[type eq "work"].value': `nopath-${tag}@mail.example`,
          'phoneNumbers[type eq "mobile"].value': "+1 555 0100",
          [`${ENT}:employeeNumber`]: "E-9",
          [ENT]: { costCenter: "CC-9" },
          active: "True",
        },
      }),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const got = (await call("GET", `/Users/${id}`)).body;
    expect(got).toMatchObject({
      displayName: "No Path",
      name: { givenName: "No", familyName: "Path" },
      emails: [{ type: "work", value: `nopath-${tag}@mail.example` }],
      phoneNumbers: [{ type: "mobile", value: "+1 555 0100" }],
      active: true,
      [ENT]: { employeeNumber: "E-9", costCenter: "CC-9" },
    });
    // An unknown key in the value object is an invalidPath, and nothing of the request is applied.
    const bad = await call(
      "PATCH",
      `/Users/${id}`,
      patchOps({ op: "add", value: { title: "Should not stick", shoeSize: "44" } }),
    );
    expect(bad).toMatchObject({ status: 400, body: { scimType: "invalidPath" } });
    expect((await call("GET", `/Users/${id}`)).body.title).toBeUndefined();
  });

  it("adds group members from a no-path value object without dropping the others", async () => {
    const [a, b] = await Promise.all(
      [uid(), uid()].map(async (t) => (await call("POST", "/Users", fullUser(t))).body.id as string),
    );
    const g = await call("POST", "/Groups", { displayName: `NoPath ${uid()}`, members: [{ value: a }] });
    const id = g.body.id as string;
    expect(
      (await call("PATCH", `/Groups/${id}`, patchOps({ op: "add", value: { members: [{ value: b }] } })))
        .status,
    ).toBe(204);
    const members = ((await call("GET", `/Groups/${id}`)).body.members as Json[]).map((m) => m.value).sort();
    expect(members).toEqual([a, b].sort());
  });
});

describe("userName lookups", () => {
  it("find a person by userName in any case, IdP-provisioned or known to Triad by email only", async () => {
    const tag = uid();
    const id = (await call("POST", "/Users", fullUser(tag))).body.id as string;
    const byScim = await call("GET", `/Users?filter=${q(`userName eq "PUT-${tag}@OKTA.example"`)}`);
    expect(resources(byScim).map((u) => u.id)).toEqual([id]);
    const email = `native-${tag}@corp.example`;
    const native = await db.actor.create({
      data: {
        kind: "HUMAN",
        displayName: `Native ${tag}`,
        externalId: `native-${tag}`,
        sourceSystem: "test",
        human: { create: { email, department: "", title: "" } },
      },
      select: { id: true },
    });
    for (const asked of [email, email.toUpperCase()]) {
      const r = await call("GET", `/Users?filter=${q(`userName eq "${asked}"`)}`);
      expect(resources(r).map((u) => [u.id, u.userName])).toEqual([[native.id, email]]);
    }
    const none = await call("GET", `/Users?filter=${q(`userName eq "nobody-${tag}@corp.example"`)}&count=0`);
    expect(none.body.totalResults).toBe(0);
    const named = (f: string) =>
      call("GET", `/Users?filter=${q(`${f} and displayName eq "Native ${tag}"`)}`).then(
        (r) => r.body.totalResults,
      );
    expect(await named(`userName eq "${email}"`)).toBe(1);
    const not = { body: { totalResults: await named(`not (userName eq "${email}")`) } };
    expect(not.body.totalResults).toBe(0);
  });
});

describe("paging and projection edges", () => {
  it("count=0 answers the total only, on Users and Groups; excludedAttributes=members on one group", async () => {
    const users = await call("GET", `/Users?count=0`);
    expect(users.status).toBe(200);
    expect(users.body.totalResults).toBeGreaterThan(0);
    expect(users.body.itemsPerPage).toBe(0);
    expect(resources(users)).toEqual([]);
    const groups = await call("GET", `/Groups?count=0&excludedAttributes=members`);
    expect(groups.status).toBe(200);
    expect(resources(groups)).toEqual([]);
    const a = (await call("POST", "/Users", fullUser(uid()))).body.id as string;
    const g = await call("POST", "/Groups", { displayName: `Excl ${uid()}`, members: [{ value: a }] });
    const one = await call("GET", `/Groups/${g.body.id as string}?excludedAttributes=members`);
    expect(one.body.members).toBeUndefined();
    expect(one.body.displayName).toBe(g.body.displayName);
    const only = await call("GET", `/Groups/${g.body.id as string}?attributes=displayName`);
    expect(Object.keys(only.body).sort()).toEqual(["displayName", "id", "schemas"]);
  });
});

describe("the provisioning hot path and the ledger", () => {
  it("never loses one of concurrent PATCHes to the same user, and ledgers each", async () => {
    const id = (await call("POST", "/Users", fullUser(uid()))).body.id as string;
    const types = ["work", "home", "fax", "pager", "other"];
    const results = await Promise.all(
      types.map((type, i) =>
        call(
          "PATCH",
          `/Users/${id}`,
          patchOps({ op: "add", path: "phoneNumbers", value: [{ type, value: `+1 555 010${i}` }] }),
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(types.map(() => 200));
    const phones = ((await call("GET", `/Users/${id}`)).body.phoneNumbers as Json[]).map((p) => p.type);
    expect(phones.sort()).toEqual(["mobile", ...types].sort());
    await drainRequested();
    expect(await db.logEntry.count({ where: { target: `actor:${id}`, action: "actor.updated" } })).toBe(5);
    expect(await db.logEntry.count({ where: { target: `actor:${id}`, action: "actor.provisioned" } })).toBe(
      1,
    );
  });

  it("moves meta.lastModified on a change the person's SCIM row alone holds, on GET and in filters", async () => {
    const created = await call("POST", "/Users", fullUser(uid()));
    const id = created.body.id as string;
    const before = (created.body.meta as Json).lastModified as string;
    await new Promise((r) => setTimeout(r, 20));
    const patched = await call(
      "PATCH",
      `/Users/${id}`,
      patchOps({ op: "replace", path: "name.familyName", value: "Moved" }),
    );
    const after = (patched.body.meta as Json).lastModified as string;
    expect(after > before).toBe(true);
    expect(((await call("GET", `/Users/${id}`)).body.meta as Json).lastModified).toBe(after);
    const found = await call(
      "GET",
      `/Users?filter=${q(`meta.lastModified gt "${before}" and id eq "${id}"`)}`,
    );
    expect(resources(found).map((u) => u.id)).toEqual([id]);
  });

  it("answers while another writer holds the ledger's chain lock; the entries are chained after", async () => {
    const other = new pg.Client({ connectionString: inject("databaseUrl") });
    await other.connect();
    let id = "";
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock($1)", [LEDGER_LOCK_KEY]);
      const started = Date.now();
      const created = await call("POST", "/Users", fullUser(uid()));
      expect(created.status).toBe(201);
      id = created.body.id as string;
      const patched = await call(
        "PATCH",
        `/Users/${id}`,
        patchOps({ op: "replace", path: "title", value: "Lead" }),
      );
      expect(patched.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await db.logEntry.count({ where: { target: `actor:${id}` } })).toBe(0);
      expect(
        await db.ledgerOutbox.count({ where: { event: { path: ["target"], equals: `actor:${id}` } } }),
      ).toBe(2);
    } finally {
      await other.query("COMMIT");
      await other.end();
    }
    await drainRequested();
    const entries = await db.logEntry.findMany({ where: { target: `actor:${id}` }, orderBy: { seq: "asc" } });
    expect(entries.map((e) => e.action)).toEqual(["actor.provisioned", "actor.updated"]);
    expect((await verifyLedger(entries[0].seq)).ok).toBe(true);
  });
});

describe("SCIM tokens", () => {
  it("remembers a verified token until a revocation is announced to every process", async () => {
    const heard: string[] = [];
    onChange("scim-token", (c) => heard.push(c.topic));
    await startChangeListener();
    try {
      const t = await createScimToken(`cache-${uid()}`, SYSTEM_ACTOR, null);
      expect(await authenticateScim(`Bearer ${t.token}`)).toMatchObject({ id: t.id });
      await revokeScimToken(t.id, SYSTEM_ACTOR);
      await expect.poll(() => heard.length, { timeout: 2_000, interval: 5 }).toBeGreaterThan(0);
      expect(await authenticateScim(`Bearer ${t.token}`)).toBeNull();
    } finally {
      await stopChangeListener();
    }
  });
});
