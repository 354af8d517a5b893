import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { previewImport, runImport } from "@/lib/import/jobs";
import type { ImportKind } from "@/lib/import/kinds";
import { verifyLedger } from "@/lib/ledger/verify";
import { makeHuman, makeUser, uid } from "@/tests/support/factories";

const sample = (name: string) => new Uint8Array(readFileSync(path.join(process.cwd(), "samples", name)));
const bytes = (s: string) => new TextEncoder().encode(s);

// Grants are imported on an admin's word: the importing admin is linked to a person.
let importer: Promise<{ userId: string; actorId: string }> | undefined;
const importingAdmin = () =>
  (importer ??= (async () => {
    const person = await makeHuman({ name: "Importing admin" });
    const { user } = await makeUser(["ADMIN"], { actorId: person.id });
    return { userId: user.id, actorId: person.id };
  })());

async function importFile(kind: ImportKind, data: Uint8Array) {
  const preview = await previewImport(kind, `${kind}.csv`, data, (await importingAdmin()).userId);
  expect(preview.fileErrors).toEqual([]);
  expect(preview.errors).toEqual([]);
  return runImport(preview.jobId, kind, data, SYSTEM_ACTOR);
}

describe("CSV import", () => {
  it("imports the sample files in order, and re-importing them changes nothing", async () => {
    // Other test files tamper with older entries on purpose: verify the chain from here on.
    const startSeq =
      ((await db.logEntry.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0n) + 1n;
    const first = {
      humans: await importFile("humans", sample("humans.csv")),
      nhis: await importFile("nhis", sample("nhis.csv")),
      agents: await importFile("agents", sample("agents.csv")),
      grants: await importFile("grants", sample("grants.csv")),
      aws: await importFile("aws-credential-report", sample("aws-credential-report.csv")),
    };
    expect(first.humans).toMatchObject({ total: 5, created: 5, updated: 0 });
    expect(first.nhis).toMatchObject({ total: 5, created: 5 });
    expect(first.agents).toMatchObject({ total: 3, created: 3 });
    expect(first.grants).toMatchObject({ total: 5, created: 5 });
    expect(first.aws).toMatchObject({ total: 5, created: 5 });

    const marcus = await db.actor.findUniqueOrThrow({
      where: { sourceSystem_externalId: { sourceSystem: "hris", externalId: "E1002" } },
      include: { human: true, team: true },
    });
    const dana = await db.actor.findUniqueOrThrow({
      where: { sourceSystem_externalId: { sourceSystem: "hris", externalId: "E1001" } },
    });
    expect(marcus.human?.managerId).toBe(dana.id);
    expect(marcus.team?.name).toBe("Platform");
    const billing = await db.actor.findUniqueOrThrow({
      where: { sourceSystem_externalId: { sourceSystem: "cmdb", externalId: "svc-billing-prod" } },
      include: { nhi: true },
    });
    expect(billing.nhi).toMatchObject({
      ownerId: marcus.id,
      claimStatus: "OWNED",
      platform: "AWS",
      rotationPeriodDays: 90,
    });
    expect(billing.nhi?.rotationDueAt?.toISOString()).toBe("2026-12-30T00:00:00.000Z");
    const zapier = await db.actor.findUniqueOrThrow({
      where: { sourceSystem_externalId: { sourceSystem: "cmdb", externalId: "sf-sync-app" } },
      include: { nhi: true },
    });
    expect(zapier.nhi).toMatchObject({
      claimStatus: "UNCLAIMED",
      vendor: "Zapier",
      oauthScopes: ["api", "refresh_token", "full"],
    });
    expect(zapier.riskScore).toBeGreaterThanOrEqual(45); // no owner + vendor with broad scopes
    const ci = await db.actor.findUniqueOrThrow({
      where: {
        sourceSystem_externalId: {
          sourceSystem: "aws-iam",
          externalId: "arn:aws:iam::123456789012:user/ci-deployer",
        },
      },
      include: { nhi: true },
    });
    expect(ci.nhi).toMatchObject({ nhiType: "API_KEY", platform: "AWS", platformAccount: "123456789012" });
    expect(ci.nhi?.lastRotatedAt?.toISOString()).toBe("2024-01-15T12:00:00.000Z"); // the oldest active key
    expect(ci.nhi?.lastUsedAt?.toISOString()).toBe("2026-11-29T06:00:00.000Z");
    const deployGrant = await db.grant.findFirst({
      where: { actor: { externalId: "agent-deployer" }, entitlement: { name: "DeployRole" } },
      include: { entitlement: true },
    });
    expect(deployGrant).toMatchObject({
      source: "IMPORT",
      status: "ACTIVE",
      entitlement: { privileged: true },
    });
    // Every grant has a requester and a named approval: the importing admin's attestation.
    const attested = await db.accessRequest.findUniqueOrThrow({ where: { id: deployGrant!.requestId! } });
    expect(attested).toMatchObject({
      requesterId: (await importingAdmin()).actorId,
      subjectId: deployGrant!.actorId,
      status: "FULFILLED",
      decision: "ALLOW",
    });
    expect(attested.autoApprovedBy).toMatch(/^import: attested by .+ \(import [0-9a-f-]{36}\)$/);
    expect(
      await db.logEntry.count({ where: { target: `actor:${billing.id}`, action: "actor.imported" } }),
    ).toBe(1);

    const ledgerBefore = await db.logEntry.count();
    const again = {
      humans: await importFile("humans", sample("humans.csv")),
      nhis: await importFile("nhis", sample("nhis.csv")),
      agents: await importFile("agents", sample("agents.csv")),
      grants: await importFile("grants", sample("grants.csv")),
      aws: await importFile("aws-credential-report", sample("aws-credential-report.csv")),
    };
    for (const s of Object.values(again))
      expect(s).toMatchObject({ created: 0, updated: 0, unchanged: s.total });
    // Only the five "import.completed" summaries were added.
    expect(await db.logEntry.count()).toBe(ledgerBefore + 5);
    expect((await verifyLedger(startSeq)).ok).toBe(true);
  });

  it("updates only changed rows on re-import", async () => {
    const id = uid();
    const v1 = `external_id,display_name,nhi_type,platform\nsvc-${id}-a,A,API_KEY,Azure\nsvc-${id}-b,B,API_KEY,Azure\n`;
    expect(await importFile("nhis", bytes(v1))).toMatchObject({ created: 2 });
    const v2 = `external_id,display_name,nhi_type,platform\nsvc-${id}-a,A renamed,API_KEY,Azure\nsvc-${id}-b,B,API_KEY,Azure\n`;
    expect(await importFile("nhis", bytes(v2))).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
  });

  it("reports every bad row and writes nothing (all or nothing)", async () => {
    const id = uid();
    const csv = [
      "external_id,display_name,nhi_type,platform,owner_email,last_rotated_at,rotation_period_days",
      `ok-${id},fine,API_KEY,AWS,,2026-01-01,90`,
      `bad-date-${id},x,API_KEY,AWS,,2026-13-45,90`,
      `bad-type-${id},x,TELEPORTER,AWS,,,`,
      `ok-${id},dup,API_KEY,AWS,,,`,
      `owner-${id},x,API_KEY,AWS,nobody-${id}@nowhere.example,,`,
      `days-${id},x,API_KEY,AWS,,,-3`,
      `,missing id,API_KEY,AWS,,,`,
      `short-${id},too few`,
    ].join("\n");
    const before = await db.actor.count();
    const preview = await previewImport("nhis", "bad.csv", bytes(csv), null);
    expect(preview.valid).toBe(false);
    const byRow = (row: number) =>
      preview.errors
        .filter((e) => e.row === row)
        .map((e) => `${e.column ?? ""}: ${e.message}`)
        .join(" | ");
    expect(byRow(2)).toBe("");
    expect(byRow(3)).toMatch(/last_rotated_at: .*not a date/);
    expect(byRow(4)).toMatch(/nhi_type: must be one of/);
    expect(byRow(5)).toMatch(/external_id: duplicates row 2/);
    expect(byRow(6)).toMatch(/owner_email: unknown owner/);
    expect(byRow(7)).toMatch(/rotation_period_days/);
    expect(byRow(8)).toMatch(/external_id: is required/);
    expect(byRow(9)).toMatch(/has 2 values but the header has 7 columns/);
    await expect(runImport(preview.jobId, "nhis", bytes(csv), SYSTEM_ACTOR)).rejects.toThrow(
      /preview the file again|problem/,
    );
    expect(await db.actor.count()).toBe(before);
  });

  it("rejects wrong columns, non-UTF-8, empty and oversized files with a clear message", async () => {
    const wrong = await previewImport("humans", "w.csv", bytes("id,name\n1,x\n"), null);
    expect(wrong.fileErrors.join(" ")).toMatch(
      /Missing columns: external_id, display_name, email.*Unknown columns: id, name/,
    );
    const latin1 = new Uint8Array([
      ...bytes("external_id,display_name,email\nE1,Jos"),
      0xe9,
      ...bytes(",j@x.example\n"),
    ]);
    expect((await previewImport("humans", "l.csv", latin1, null)).fileErrors[0]).toMatch(/not UTF-8/);
    expect((await previewImport("humans", "e.csv", bytes("   \n"), null)).fileErrors[0]).toMatch(/empty/);
    const huge = new Uint8Array(50 * 1024 * 1024 + 1);
    expect((await previewImport("humans", "h.csv", huge, null)).fileErrors[0]).toMatch(/limit is 50 MB/);
    const quote = await previewImport(
      "humans",
      "q.csv",
      bytes('external_id,display_name,email\n"E1,broken\n'),
      null,
    );
    expect(quote.fileErrors[0]).toMatch(/not valid CSV/);
  });

  it("rolls back everything when the transaction fails midway", async () => {
    const id = uid();
    // Second row's email already belongs to a different actor → caught by validation; here we
    // force a database failure instead: a display name longer than the DB accepts is impossible,
    // so use an existing actor of another kind with the same key.
    await db.actor.create({
      data: {
        kind: "AGENT",
        displayName: "x",
        externalId: `clash-${id}`,
        sourceSystem: "csv",
        agent: { create: { model: "m", provider: "p", runtime: "r" } },
      },
    });
    const csv = `external_id,display_name,nhi_type,platform\nfresh-${id},fresh,API_KEY,AWS\nclash-${id},clash,API_KEY,AWS\n`;
    const preview = await previewImport("nhis", "c.csv", bytes(csv), null);
    await expect(runImport(preview.jobId, "nhis", bytes(csv), SYSTEM_ACTOR)).rejects.toThrow(
      /already a AGENT/,
    );
    expect(await db.actor.count({ where: { externalId: `fresh-${id}` } })).toBe(0);
    expect((await db.importJob.findUniqueOrThrow({ where: { id: preview.jobId } })).status).toBe("FAILED");
  });
});

describe("imported grants need an attester", () => {
  it("refuses a grants import by an account with no person, and writes nothing", async () => {
    const id = uid();
    const csv = `actor_source_system,actor_external_id,resource_source_system,resource_external_id,resource_name,resource_kind,entitlement\nhris,E1001,test,res-${id},App ${id},APPLICATION,reader\n`;
    const data = bytes(csv);
    const preview = await previewImport("grants", "grants.csv", data, null);
    await expect(runImport(preview.jobId, "grants", data, SYSTEM_ACTOR)).rejects.toThrow(
      /link your console account/,
    );
    expect(await db.resource.count({ where: { externalId: `res-${id}` } })).toBe(0);
  });
});
