import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { applyChangeLocally } from "@/lib/changes/listen";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { createGrant } from "@/lib/grants/create";
import { grantExpiryJobKey } from "@/lib/grants/end";
import { expireGrantJob } from "@/lib/grants/expire";
import { runDueJobs } from "@/lib/jobs/runner";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { makeHuman } from "@/tests/support/factories";
import { inject } from "vitest";
import pg from "pg";
import { makeEntitlement } from "./requests-support";

// Expiry in bulk: the first grant timer to fire ends EVERY grant due by then (set-based, entries
// through the ledger outbox) and cancels the others' timers; grants not yet due keep theirs.

const jobCount = async (keys: string[]) =>
  Number(
    (
      await db.$queryRaw<Array<{ n: bigint }>>`
        SELECT count(*)::bigint AS n FROM graphile_worker.jobs WHERE key = ANY(${keys}::text[])`
    )[0].n,
  );

async function grantsExpiringAt(expiresAt: Date, n: number) {
  const ent = await makeEntitlement();
  const requester = await makeHuman();
  const request = await db.accessRequest.create({
    data: {
      requesterId: requester.id,
      subjectId: requester.id,
      entitlementId: ent.id,
      justification: "bulk expiry test",
      status: "FULFILLED",
    },
  });
  const out: Array<{ id: string; actorId: string }> = [];
  for (let i = 0; i < n; i++) {
    const holder = await makeHuman();
    const g = await db.$transaction((tx) =>
      createGrant(tx, {
        actorId: holder.id,
        entitlementId: ent.id,
        source: "REQUEST",
        grantedAt: new Date(expiresAt.getTime() - 3600_000),
        expiresAt,
        requestId: request.id,
        decisionSeq: null,
        by: SYSTEM_ACTOR,
      }),
    );
    out.push({ id: g.id, actorId: holder.id });
  }
  return { ent, grants: out };
}

beforeAll(async () => {
  await ensureStarterPolicies();
});

describe("bulk grant expiry", () => {
  it("the gate denies first; then one timer ends every due grant and cancels their timers", async () => {
    const due = await grantsExpiringAt(new Date(Date.now() - 1000), 6);
    const later = await grantsExpiringAt(new Date(Date.now() + 3600_000), 1);
    const dueKeys = due.grants.map((g) => grantExpiryJobKey(g.id));
    expect(await jobCount(dueKeys)).toBe(6);

    // The gate: past expiry, refused before any job has run.
    applyChangeLocally("grant");
    const read = await evaluateAndLog(
      { id: "test-pep", name: "test pep" },
      {
        subject: { type: "human", id: due.grants[0].actorId },
        action: { name: "readData" },
        resource: { type: "entitlement", id: due.ent.id },
      },
    );
    expect(read.decision).toBe("deny");
    expect(
      await db.grant.count({ where: { id: { in: due.grants.map((g) => g.id) }, status: "ACTIVE" } }),
    ).toBe(6);

    // One timer fires (as the first of them would): all six end in one set-based batch.
    expect(await expireGrantJob()).toBeGreaterThanOrEqual(6);
    const ended = await db.grant.findMany({
      where: { id: { in: due.grants.map((g) => g.id) } },
      select: { id: true, status: true, revocations: { select: { method: true, completedAt: true } } },
    });
    expect(ended.every((g) => g.status === "EXPIRED")).toBe(true);
    expect(ended.every((g) => g.revocations.length === 1 && g.revocations[0].method === "EXPIRY")).toBe(true);
    expect(await jobCount(dueKeys)).toBe(0);
    // Their entries went through the outbox and are chained now, one per grant.
    const entries = await db.logEntry.findMany({
      where: { action: "grant.expired", target: { in: due.grants.map((g) => `grant:${g.id}`) } },
      select: { details: true },
    });
    expect(entries).toHaveLength(6);
    expect(entries.every((e) => (e.details as { mechanism?: string }).mechanism === "timer")).toBe(true);

    // The grant that is not due keeps its timer and its access.
    expect(await jobCount([grantExpiryJobKey(later.grants[0].id)])).toBe(1);
    expect((await db.grant.findUniqueOrThrow({ where: { id: later.grants[0].id } })).status).toBe("ACTIVE");

    // Running every due job again changes nothing (idempotent: one revocation each).
    await runDueJobs();
    expect(await db.revocation.count({ where: { grantId: { in: due.grants.map((g) => g.id) } } })).toBe(6);
  });

  it("a grant someone else holds is skipped and keeps its timer, postponed; timers firing during a run only add a look", async () => {
    const due = await grantsExpiringAt(new Date(Date.now() - 1000), 3);
    const [held, ...free] = due.grants;
    const other = new pg.Client({ connectionString: inject("databaseUrl") });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query(`SELECT id FROM "Grant" WHERE id = $1 FOR UPDATE`, [held.id]);
      // Three timers fire at once in this process: one run, the others return at once.
      const runs = await Promise.all([expireGrantJob(), expireGrantJob(), expireGrantJob()]);
      expect(runs.filter((n) => n > 0)).toHaveLength(1);
      await other.query("ROLLBACK");
    } finally {
      await other.end();
    }
    const statuses = await db.grant.findMany({
      where: { id: { in: due.grants.map((g) => g.id) } },
      select: { id: true, status: true },
    });
    expect(statuses.find((g) => g.id === held.id)?.status).toBe("ACTIVE");
    expect(statuses.filter((g) => free.some((f) => f.id === g.id)).every((g) => g.status === "EXPIRED")).toBe(
      true,
    );
    // The skipped grant's timer is still there, moved later: it (or the sweep) ends the grant.
    const [timer] = await db.$queryRaw<Array<{ run_at: Date }>>`
      SELECT run_at FROM graphile_worker.jobs WHERE key = ${grantExpiryJobKey(held.id)}`;
    expect(timer.run_at.getTime()).toBeGreaterThan(Date.now() + 60_000);
    expect(await expireGrantJob()).toBeGreaterThanOrEqual(1);
    expect((await db.grant.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("EXPIRED");
    expect(await jobCount([grantExpiryJobKey(held.id)])).toBe(0);
  });
});
