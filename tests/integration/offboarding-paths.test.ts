import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { authenticate } from "@/lib/auth/login";
import { loadConsoleSession, openConsoleSession } from "@/lib/auth/sessions";
import { previewImport, runImport } from "@/lib/import/jobs";
import { handleScim } from "@/lib/scim/handler";
import { createScimToken } from "@/lib/scim/tokens";
import { offboardOwner } from "@/lib/ownership/succession";
import { setUserDisabled } from "@/lib/users/mutations";
import type { Caller } from "@/lib/actions/caller";
import { makeHuman, makeUser, uid } from "../support/factories";

const callerAs = (user: { id: string; name: string }): Caller => ({
  ledger: { id: user.id, kind: "USER", name: user.name },
  userId: user.id,
  actorId: null,
  isAdmin: true,
});

// Every path that ends a person's access goes through one offboarding function: their ACTIVE
// grants are revoked, their console account is disabled, and the last admin always remains.

async function grantTo(actorId: string) {
  const resource = await db.resource.create({
    data: { name: `res-${uid()}`, kind: "API", externalId: `res-${uid()}`, sourceSystem: "test" },
  });
  const ent = await db.entitlement.create({ data: { resourceId: resource.id, name: "write" } });
  return db.grant.create({ data: { actorId, entitlementId: ent.id, source: "REQUEST" } });
}

async function expectOffboarded(personId: string, userId: string, grantId: string, sid: string) {
  expect((await db.grant.findUniqueOrThrow({ where: { id: grantId } })).status).toBe("REVOKED");
  expect(await db.revocation.findFirst({ where: { grantId, method: "OFFBOARDING" } })).not.toBeNull();
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).disabledAt).not.toBeNull();
  expect(await loadConsoleSession(sid)).toBeNull();
  expect(["OFFBOARDING", "RETIRED"]).toContain(
    (await db.actor.findUniqueOrThrow({ where: { id: personId } })).status,
  );
}

async function leaverWithAccess(email?: string) {
  const person = await makeHuman(email ? { email } : {});
  const { user, password } = await makeUser(["AUDITOR"], { mfa: false, actorId: person.id });
  const grant = await grantTo(person.id);
  const sid = await openConsoleSession(user.id, 3600);
  return { person, user, password, grant, sid };
}

describe("one offboarding on every path", () => {
  it("SCIM active:false disables the console account even when the person is already OFFBOARDING", async () => {
    const token = (await createScimToken(`idp-${uid()}`, SYSTEM_ACTOR, null)).token;
    const { person, user, grant, sid } = await leaverWithAccess();
    // Someone marked them OFFBOARDING elsewhere (e.g. the HR feed) without ending anything.
    await db.actor.update({ where: { id: person.id }, data: { status: "OFFBOARDING" } });
    const req = new Request(`http://localhost/scim/v2/Users/${person.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/scim+json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ Operations: [{ op: "replace", path: "active", value: false }] }),
    });
    expect((await handleScim(req, ["Users", person.id])).status).toBe(200);
    await expectOffboarded(person.id, user.id, grant.id, sid);
  });

  it("manual offboarding ends grants and the console account", async () => {
    const { person, user, grant, sid } = await leaverWithAccess();
    await offboardOwner(
      { ledger: SYSTEM_ACTOR, actorId: null, isAdmin: true },
      person.id,
      "left the company",
    );
    await expectOffboarded(person.id, user.id, grant.id, sid);
  });

  it("a CSV import that marks a person RETIRED ends grants and the console account", async () => {
    const email = `leaver-${uid()}@test.example`;
    const { person, user, password, grant, sid } = await leaverWithAccess(email);
    const ext = (await db.actor.findUniqueOrThrow({ where: { id: person.id } })).externalId!;
    const csv = `external_id,source_system,display_name,email,department,title,manager_email,mfa_enrolled,employment_status,status,environment,team,tags\n${ext},test,Leaver,${email},Engineering,Engineer,,true,EMPLOYEE,RETIRED,PRODUCTION,,\n`;
    const data = new TextEncoder().encode(csv);
    const preview = await previewImport("humans", "humans.csv", data, null);
    expect(preview.errors).toEqual([]);
    await runImport(preview.jobId, "humans", data, SYSTEM_ACTOR);
    await expectOffboarded(person.id, user.id, grant.id, sid);
    expect((await db.actor.findUniqueOrThrow({ where: { id: person.id } })).status).toBe("RETIRED");
    expect((await authenticate({ email: user.email, password })).status).toBe("refused");
  });
});

describe("the last-admin guard", () => {
  // The guard counts every enabled admin in the database: other test files create admins, so
  // this block disables them for its duration and restores them afterwards.
  let others: string[] = [];
  beforeAll(async () => {
    others = (
      await db.user.findMany({ where: { roles: { has: "ADMIN" }, disabledAt: null }, select: { id: true } })
    ).map((u) => u.id);
    await db.user.updateMany({ where: { id: { in: others } }, data: { disabledAt: new Date() } });
  });
  afterAll(async () => {
    await db.user.updateMany({ where: { id: { in: others } }, data: { disabledAt: null } });
  });

  it("two admins disabling each other at the same time leave one admin", async () => {
    const a = (await makeUser(["ADMIN"])).user;
    const b = (await makeUser(["ADMIN"])).user;
    const results = await Promise.allSettled([
      setUserDisabled(callerAs(a), { userId: b.id, disabled: true }),
      setUserDisabled(callerAs(b), { userId: a.id, disabled: true }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(
      results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
    ).toEqual([expect.stringMatching(/last active admin/)]);
    expect(await db.user.count({ where: { id: { in: [a.id, b.id] }, disabledAt: null } })).toBe(1);
    await db.user.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { disabledAt: new Date() } });
  });

  it("offboarding the person behind the last admin keeps that account and records why", async () => {
    const person = await makeHuman();
    const { user } = await makeUser(["ADMIN"], { actorId: person.id });
    const grant = await grantTo(person.id);
    await offboardOwner({ ledger: SYSTEM_ACTOR, actorId: null, isAdmin: true }, person.id, "left");
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).toBeNull();
    expect((await db.grant.findUniqueOrThrow({ where: { id: grant.id } })).status).toBe("REVOKED");
    const refused = await db.logEntry.findFirst({
      where: { action: "user.disable_refused", target: `user:${user.id}` },
    });
    expect(refused?.details).toMatchObject({ refused: "last_active_admin", reason: "leaver" });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
  });

  it("SCIM DELETE of two admins' people at once still leaves one admin", async () => {
    const token = (await createScimToken(`idp-${uid()}`, SYSTEM_ACTOR, null)).token;
    const people = [await makeHuman(), await makeHuman()];
    const admins = [
      await makeUser(["ADMIN"], { actorId: people[0].id }),
      await makeUser(["ADMIN"], { actorId: people[1].id }),
    ];
    await Promise.all(
      people.map((p) =>
        handleScim(
          new Request(`http://localhost/scim/v2/Users/${p.id}`, {
            method: "DELETE",
            headers: { authorization: `Bearer ${token}` },
          }),
          ["Users", p.id],
        ),
      ),
    );
    expect(
      await db.user.count({ where: { id: { in: admins.map((a) => a.user.id) }, disabledAt: null } }),
    ).toBe(1);
    await db.user.updateMany({
      where: { id: { in: admins.map((a) => a.user.id) } },
      data: { disabledAt: new Date() },
    });
  });

  it("a console disable and a SCIM deactivation of the other admin at once leave one admin, without deadlock", async () => {
    const token = (await createScimToken(`idp-${uid()}`, SYSTEM_ACTOR, null)).token;
    const person = await makeHuman();
    const a = (await makeUser(["ADMIN"], { actorId: person.id })).user;
    const b = (await makeUser(["ADMIN"])).user;
    const scimReq = new Request(`http://localhost/scim/v2/Users/${person.id}`, {
      method: "PATCH",
      headers: { "content-type": "application/scim+json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ Operations: [{ op: "replace", path: "active", value: false }] }),
    });
    const results = await Promise.allSettled([
      handleScim(scimReq, ["Users", person.id]),
      setUserDisabled(callerAs(a), { userId: b.id, disabled: true }),
    ]);
    expect(results[0].status === "fulfilled" && results[0].value.status).toBe(200);
    expect(await db.user.count({ where: { id: { in: [a.id, b.id] }, disabledAt: null } })).toBe(1);
    await db.user.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { disabledAt: new Date() } });
  });
});
