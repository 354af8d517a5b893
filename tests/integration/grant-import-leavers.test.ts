import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requireDatabaseUrl } from "@/lib/env";
import { previewImport, runImport } from "@/lib/import/jobs";
import { LEDGER_LOCK_KEY, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { makeHuman, makeUser, uid } from "@/tests/support/factories";
import { makeEntitlement } from "./requests-support";

// A CSV import that marks people as leavers revokes their grants and disables their accounts
// inside the import's transaction WITHOUT the ledger's chain lock (its entries go to the
// outbox), so decisions never wait for an import. Proof: the import's changes commit while
// another connection holds the chain lock; their entries are chained once it is released.

const until = async (check: () => Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
};

describe("an import's leavers", () => {
  it("are offboarded while the chain lock is held elsewhere; their entries follow through the outbox", async () => {
    const email = `import-leaver-${uid()}@test.example`;
    const person = await makeHuman({ name: "Import leaver", email });
    const ent = await makeEntitlement();
    const grant = await db.grant.create({
      data: { actorId: person.id, entitlementId: ent.id, source: "IMPORT" },
    });
    const { user } = await makeUser(["MANAGER"], { actorId: person.id });
    const ext = (await db.actor.findUniqueOrThrow({ where: { id: person.id } })).externalId!;
    const csv = `external_id,source_system,display_name,email,department,title,manager_email,mfa_enrolled,employment_status,status,environment,team,tags\n${ext},test,Import leaver,${email},Engineering,Engineer,,true,EMPLOYEE,RETIRED,PRODUCTION,,\n`;
    const data = new TextEncoder().encode(csv);
    const preview = await previewImport("humans", "humans.csv", data, null);
    expect(preview.errors).toEqual([]);

    // Another writer holds the chain lock (as a long decision batch would).
    const holder = new pg.Client({ connectionString: requireDatabaseUrl() });
    await holder.connect();
    let running: Promise<unknown> | undefined;
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT pg_advisory_xact_lock($1)", [LEDGER_LOCK_KEY]);
      running = runImport(preview.jobId, "humans", data, SYSTEM_ACTOR);
      running.catch(() => undefined);
      // The offboarding commits (grant revoked, account disabled) although the chain lock is taken.
      const committed = await until(async () => {
        const g = await db.grant.findUniqueOrThrow({ where: { id: grant.id }, select: { status: true } });
        return g.status === "REVOKED";
      });
      expect(committed).toBe(true);
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
      expect(await db.revocation.count({ where: { grantId: grant.id, method: "OFFBOARDING" } })).toBe(1);
      // Not chained yet: the entry waits in the outbox while the lock is held.
      expect(
        await db.logEntry.count({ where: { target: `grant:${grant.id}`, action: "grant.revoked" } }),
      ).toBe(0);
    } finally {
      await holder.query("COMMIT").catch(() => undefined);
      await holder.end();
    }
    await running;
    expect(await db.logEntry.count({ where: { target: `grant:${grant.id}`, action: "grant.revoked" } })).toBe(
      1,
    );
    expect(
      await db.logEntry.count({ where: { target: `actor:${person.id}`, action: "actor.leaver_flagged" } }),
    ).toBe(1);
  });
});
