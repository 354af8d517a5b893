import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { applyChangeLocally } from "@/lib/changes/listen";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { foldAccessUse } from "@/lib/explorer/access-use";
import { backfillDecisionRecords } from "@/lib/explorer/backfill";
import { appendLedger } from "@/lib/ledger/append";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeHuman } from "../support/factories";
import { makeEntitlement } from "./requests-support";

// The who-used-what roll-up: every decision record counted exactly once, whether the job runs
// twice at once, runs again, or a backfill adds old decisions behind its mark.

const caller = { id: "use-pep", name: "use pep" };
const decide = (actorId: string, entitlementId: string) => {
  applyChangeLocally("grant");
  return evaluateAndLog(caller, {
    subject: { type: "human", id: actorId },
    action: { name: "readData" },
    resource: { type: "entitlement", id: entitlementId },
  });
};

async function activity(subjectId: string) {
  const rows = await db.subjectActivityDaily.findMany({ where: { subjectId } });
  return {
    calls: rows.reduce((n, r) => n + Number(r.calls), 0),
    denies: rows.reduce((n, r) => n + Number(r.denies), 0),
  };
}
const lastAllow = async (subjectId: string, resourceId: string) =>
  (await db.accessUse.findUnique({ where: { subjectId_resourceId: { subjectId, resourceId } } }))
    ?.lastAllowAt ?? null;

// Other files write hand-made records into the shared database (months ahead, made-up seqs) that
// would move the mark anywhere: each case folds from a ledger entry just before its decisions.
const markAt = (seq: bigint) =>
  db.$executeRaw`UPDATE "AccessUseMark" SET (seq, at) = (SELECT seq, at FROM "LogEntry" WHERE seq = ${seq}) WHERE id = 1`;
const head = async () => (await db.logEntry.findFirstOrThrow({ orderBy: { seq: "desc" } })).seq;

beforeAll(() => ensureStarterPolicies());

describe("who used what (decisions.use)", () => {
  it("counts allows and denies once, with two folds at once and a third after", async () => {
    const [person, ent] = await Promise.all([makeHuman(), makeEntitlement()]);
    await markAt(await head());
    const denied = [await decide(person.id, ent.id), await decide(person.id, ent.id)];
    await db.grant.create({ data: { actorId: person.id, entitlementId: ent.id, source: "BIRTHRIGHT" } });
    const allowed = [];
    for (let i = 0; i < 3; i++) allowed.push(await decide(person.id, ent.id));
    expect(denied.map((d) => d.decision)).toEqual(["deny", "deny"]);
    expect(allowed.map((d) => d.decision)).toEqual(["allow", "allow", "allow"]);

    await Promise.all([foldAccessUse(), foldAccessUse()]);
    await foldAccessUse();
    expect(await activity(person.id)).toEqual({ calls: 5, denies: 2 });
    const last = await db.decisionRecord.findFirstOrThrow({
      where: { subjectId: person.id, decision: "ALLOW" },
      orderBy: { seq: "desc" },
    });
    expect(await lastAllow(person.id, ent.id)).toEqual(last.at);
  });

  it("counts a backfilled decision behind the mark in the backfill, and only there", async () => {
    const [person, ent] = await Promise.all([makeHuman(), makeEntitlement()]);
    // A decision that reached the ledger without a record (the demo seed, older deployments) …
    const [ledgerOnly] = await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { id: caller.id, kind: "API_CLIENT", name: caller.name },
        action: "decision.evaluated",
        target: `actor:${person.id}`,
        details: {
          client: caller.name,
          subject: { type: "human", id: person.id, kind: "HUMAN", actorId: person.id, name: "x" },
          action: "readData",
          resource: { type: "entitlement", id: ent.id },
          decision: "ALLOW",
          policies: ["p"],
          policyVersion: "v",
          reason: "r",
        },
      }),
    );
    // … then a live one, folded: the mark is past the first before its record exists.
    await decide(person.id, ent.id);
    await markAt(ledgerOnly);
    await foldAccessUse();
    expect(await activity(person.id)).toEqual({ calls: 1, denies: 1 });
    expect(await lastAllow(person.id, ent.id)).toBeNull();

    expect(await backfillDecisionRecords()).toBeGreaterThanOrEqual(1);
    await foldAccessUse();
    expect(await activity(person.id)).toEqual({ calls: 2, denies: 1 });
    expect(await lastAllow(person.id, ent.id)).not.toBeNull();
    expect(await backfillDecisionRecords()).toBe(0);
    await foldAccessUse();
    expect(await activity(person.id)).toEqual({ calls: 2, denies: 1 });
  });
});
