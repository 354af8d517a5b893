import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLE_PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";
import { previewImport, runImport } from "@/lib/import/jobs";
import { makeHuman, makeUser, uid } from "@/tests/support/factories";

// A grants CSV sets an entitlement's request settings: optional columns, validated per row,
// empty = leave as is, and each change to an existing entitlement ledgered with its diff.
const bytes = (s: string) => new TextEncoder().encode(s);
const HEADER =
  "actor_source_system,actor_external_id,resource_source_system,resource_external_id,resource_name,entitlement,privileged,max_duration_minutes,security_sign_off";

let importer: Promise<string> | undefined;
const importingAdmin = () =>
  (importer ??= (async () => {
    const person = await makeHuman({ name: "Settings importer" });
    return (await makeUser(["ADMIN"], { actorId: person.id })).user.id;
  })());

async function holders(n: number) {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const h = await makeHuman();
    const a = await db.actor.findUniqueOrThrow({
      where: { id: h.id },
      select: { sourceSystem: true, externalId: true },
    });
    out.push(`${a.sourceSystem},${a.externalId}`);
  }
  return out;
}

async function importGrants(csv: string) {
  const data = bytes(csv);
  const preview = await previewImport("grants", "grants.csv", data, await importingAdmin());
  if (preview.fileErrors.length || preview.errors.length) return { preview, summary: null };
  return { preview, summary: await runImport(preview.jobId, "grants", data, SYSTEM_ACTOR) };
}

const entitlement = (res: string, name: string) =>
  db.entitlement.findFirstOrThrow({
    where: { name, resource: { externalId: res, sourceSystem: "test" } },
    select: { id: true, privileged: true, maxDurationMinutes: true, securitySignOff: true },
  });
const changesOf = (id: string) =>
  db.logEntry.findMany({
    where: { target: `entitlement:${id}`, action: "entitlement.settings_changed" },
    orderBy: { seq: "asc" },
  });

describe("grants CSV: entitlement settings columns", () => {
  it("creates with the file's settings, leaves them on empty cells, and ledgers each change", async () => {
    const res = `res-${uid()}`;
    const [a, b] = await holders(2);
    const row = (who: string, ent: string, rest: string) => `${who},test,${res},App ${res},${ent},${rest}`;

    const first = await importGrants(
      [HEADER, row(a, "admin", "true,90,true"), row(b, "admin", "true,,"), row(a, "reader", "false,,")].join(
        "\n",
      ),
    );
    expect(first.preview.errors).toEqual([]);
    const admin = await entitlement(res, "admin");
    expect(admin).toMatchObject({ privileged: true, maxDurationMinutes: 90, securitySignOff: true });
    expect(await entitlement(res, "reader")).toMatchObject({
      privileged: false,
      maxDurationMinutes: null,
      securitySignOff: false,
    });
    expect(await changesOf(admin.id)).toHaveLength(0); // created, not changed

    // A file without the columns (or with empty cells) leaves them as they are.
    const legacy = await importGrants(
      [
        "actor_source_system,actor_external_id,resource_source_system,resource_external_id,resource_name,entitlement,privileged",
        `${a},test,${res},App ${res},admin,true`,
      ].join("\n"),
    );
    expect(legacy.preview.errors).toEqual([]);
    expect(await entitlement(res, "admin")).toMatchObject({ maxDurationMinutes: 90, securitySignOff: true });
    expect(await changesOf(admin.id)).toHaveLength(0);

    // "default" clears the entitlement's own maximum; false lifts the sign-off.
    const second = await importGrants([HEADER, row(a, "admin", "true,DEFAULT,false")].join("\n"));
    expect(second.preview.errors).toEqual([]);
    expect(await entitlement(res, "admin")).toMatchObject({
      maxDurationMinutes: null,
      securitySignOff: false,
    });
    const [entry] = await changesOf(admin.id);
    expect(entry.details).toMatchObject({
      job: second.preview.jobId,
      entitlementId: admin.id,
      before: { maxDurationMinutes: 90, securitySignOff: true },
      after: { maxDurationMinutes: null, securitySignOff: false },
    });

    // The same file again changes nothing and records nothing.
    await importGrants([HEADER, row(a, "admin", "true,default,false")].join("\n"));
    expect(await changesOf(admin.id)).toHaveLength(1);

    // An empty privileged cell leaves the flag an admin set; rows that disagree on it are refused.
    const empty = await importGrants([HEADER, row(a, "admin", ",,")].join("\n"));
    expect(empty.preview.errors).toEqual([]);
    expect(await entitlement(res, "admin")).toMatchObject({ privileged: true });
    const split = await importGrants(
      [HEADER, row(a, "admin", "true,,"), row(b, "admin", "false,,")].join("\n"),
    );
    expect(split.summary).toBeNull();
    expect(split.preview.errors.map((e) => `${e.row}:${e.column}`)).toEqual(["3:privileged"]);
    expect(await entitlement(res, "admin")).toMatchObject({ privileged: true });
  });

  it("refuses bad values and disagreeing rows with the row and column, and writes nothing", async () => {
    const res = `res-${uid()}`;
    const [a, b] = await holders(2);
    const row = (who: string, ent: string, rest: string) => `${who},test,${res},App ${res},${ent},${rest}`;
    const { preview, summary } = await importGrants(
      [
        HEADER,
        row(a, "r1", "false,-5,"),
        row(a, "r2", "false,200000,"),
        row(a, "r3", "false,1.5,"),
        row(a, "r4", "false,,maybe"),
        row(a, "r5", "false,60,true"),
        row(b, "r5", "false,120,false"),
      ].join("\n"),
    );
    expect(summary).toBeNull();
    const errs = preview.errors.map((e) => `${e.row}:${e.column}`);
    expect(errs).toEqual([
      "2:max_duration_minutes",
      "3:max_duration_minutes",
      "4:max_duration_minutes",
      "5:security_sign_off",
      "7:max_duration_minutes",
      "7:security_sign_off",
    ]);
    expect(preview.errors[0].message).toMatch(/not a whole number of minutes from 15 to 129600/);
    expect(preview.errors[4].message).toMatch(/disagrees with row 6/);
    expect(await db.resource.count({ where: { externalId: res } })).toBe(0);
  });
});

describe("grants CSV: who may set entitlement settings", () => {
  // No role ships with inventory:import but not inventory:write; the rule is for the day one
  // does, so this file gives SERVICE_OWNER inventory:import for its duration.
  const table = ROLE_PERMISSIONS as Record<Role, readonly Permission[]>;
  const shipped = table.SERVICE_OWNER;
  beforeAll(() => {
    table.SERVICE_OWNER = [...shipped, "inventory:import"];
  });
  afterAll(() => {
    table.SERVICE_OWNER = shipped;
  });

  const importOnly = async () => {
    const person = await makeHuman({ name: "Import-only importer" });
    return (await makeUser(["SERVICE_OWNER"], { actorId: person.id })).user;
  };
  const asUser = (u: { id: string; name: string | null }): LedgerActor => ({
    id: u.id,
    kind: "USER",
    name: u.name,
  });
  const REFUSED =
    /privileged, max_duration_minutes, and security_sign_off change an entitlement's request settings, which needs the inventory:write permission/;

  it("refuses the settings columns to an importer without inventory:write, and takes the rest of the file", async () => {
    const res = `res-${uid()}`;
    const [a] = await holders(1);
    const user = await importOnly();
    const file = (rest: string) => bytes([HEADER, `${a},test,${res},App ${res},admin,${rest}`].join("\n"));

    const refused = await previewImport("grants", "grants.csv", file("true,90,true"), user.id);
    expect(refused.valid).toBe(false);
    expect(refused.fileErrors).toEqual([expect.stringMatching(REFUSED)]);
    // Only the column given a value is named.
    const one = await previewImport("grants", "grants.csv", file(",,true"), user.id);
    expect(one.fileErrors).toEqual([
      expect.stringMatching(/^security_sign_off changes an entitlement's request settings/),
    ]);
    // Clearing privileged would drop the owner's approval stage: refused like the others.
    const unprivileged = await previewImport("grants", "grants.csv", file("false,,"), user.id);
    expect(unprivileged.fileErrors).toEqual([expect.stringMatching(/^privileged changes an entitlement's/)]);
    expect(await db.resource.count({ where: { externalId: res } })).toBe(0);

    // Empty cells change nothing: the same file without values imports.
    const data = file(",,");
    const ok = await previewImport("grants", "grants.csv", data, user.id);
    expect(ok.fileErrors).toEqual([]);
    expect(ok.valid).toBe(true);
    await runImport(ok.jobId, "grants", data, asUser(user));
    expect(await entitlement(res, "admin")).toMatchObject({
      privileged: false,
      maxDurationMinutes: null,
      securitySignOff: false,
    });
  });

  it("checks the file sent to run it, and the person running it, on the server", async () => {
    const res = `res-${uid()}`;
    const [a] = await holders(1);
    const user = await importOnly();
    const line = (rest: string) => `${a},test,${res},App ${res},admin,${rest}`;
    const clean = bytes([HEADER, line(",,")].join("\n"));
    const withSettings = bytes([HEADER, line("false,60,true")].join("\n"));

    // Previewed clean, run with settings: refused at run time, nothing written.
    const preview = await previewImport("grants", "grants.csv", clean, user.id);
    expect(preview.valid).toBe(true);
    await expect(runImport(preview.jobId, "grants", withSettings, asUser(user))).rejects.toThrow(
      /1 problem\(s\); nothing was imported/,
    );
    const job = await db.importJob.findUniqueOrThrow({ where: { id: preview.jobId } });
    expect(job.status).toBe("FAILED");
    expect(JSON.stringify(job.errors)).toMatch(/needs the inventory:write permission/);

    // An admin's previewed job, run by the import-only user: refused too.
    const adminJob = await previewImport("grants", "grants.csv", withSettings, await importingAdmin());
    expect(adminJob.valid).toBe(true);
    await expect(runImport(adminJob.jobId, "grants", withSettings, asUser(user))).rejects.toThrow(
      /nothing was imported/,
    );
    expect(await db.resource.count({ where: { externalId: res } })).toBe(0);

    // The admin (inventory:write) runs it: the settings are set.
    const again = await previewImport("grants", "grants.csv", withSettings, await importingAdmin());
    const admin = await db.user.findUniqueOrThrow({ where: { id: await importingAdmin() } });
    await runImport(again.jobId, "grants", withSettings, asUser(admin));
    expect(await entitlement(res, "admin")).toMatchObject({ maxDurationMinutes: 60, securitySignOff: true });
  });
});
