import { Prisma } from "@/lib/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { Invalid } from "@/lib/errors";
import { importAttestation } from "./attestation";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { drainLedgerOutbox, queueLedger } from "@/lib/ledger/outbox";
import { recomputeRisk } from "@/lib/risk/recompute";
import { scoreRisk } from "@/lib/risk/score";
import { offboardPerson } from "@/lib/ownership/succession";
import { toList, toText, upsertActors, upsertRows } from "./bulk";
import { upsertEntitlements } from "./entitlements";
import type { AgentRow, GrantRow, HumanRow, NhiRow } from "./kinds";
import type { ParsedImport } from "./validate";

// Writes a validated import in ONE transaction (all or nothing), in chunks of CHUNK rows, with a
// ledger entry per created or changed actor/grant and one summary entry for the job. The entries
// are queued in the ledger outbox with the change and chained right after it commits, in short
// transactions: an import never holds the ledger's chain lock that decisions wait on.
// Each chunk's synchronous work (value arrays, ledger events) runs without a break in the process
// that serves decisions: at 5,000 rows it held the event loop 50-190 ms, at 1,000 a fifth of that.
const CHUNK = 1000;
const DAY = 86_400_000;

export type ImportSummary = { total: number; created: number; updated: number; unchanged: number };
type Progress = (processed: number) => Promise<void> | void;

async function teamIds(tx: Tx, names: (string | null)[], by: LedgerActor): Promise<Map<string, string>> {
  const wanted = [...new Set(names.filter((n): n is string => !!n))];
  if (!wanted.length) return new Map();
  const existing = await tx.team.findMany({
    where: { name: { in: wanted } },
    select: { id: true, name: true },
  });
  const map = new Map(existing.map((t) => [t.name, t.id]));
  for (const name of wanted.filter((n) => !map.has(n))) {
    const t = await tx.team.create({ data: { name }, select: { id: true } });
    map.set(name, t.id);
    await queueLedger(tx, {
      actor: by,
      action: "team.created",
      target: `team:${t.id}`,
      details: { name, via: "import" },
    });
  }
  return map;
}

async function humanIdsByEmail(tx: Tx, emails: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.filter((e): e is string => !!e))];
  if (!wanted.length) return new Map();
  const rows = await tx.$queryRaw<{ actorId: string; email: string }[]>(Prisma.sql`
    SELECT "actorId", lower(email) AS email FROM "HumanProfile" WHERE lower(email) = ANY(${wanted}::text[])`);
  return new Map(rows.map((r) => [r.email, r.actorId]));
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

async function importActors<R extends HumanRow | NhiRow | AgentRow>(
  tx: Tx,
  kind: "HUMAN" | "NHI" | "AGENT",
  rows: R[],
  by: LedgerActor,
  jobId: string,
  profile: (tx: Tx, rows: R[], ids: string[], teams: Map<string, string>) => Promise<string[]>,
  progress: Progress,
) {
  const now = new Date();
  const teams = await teamIds(
    tx,
    rows.map((r) => r.team),
    by,
  );
  const created = new Set<string>();
  const changed = new Set<string>();
  let done = 0;
  for (const chunk of chunks(rows)) {
    const actors = await upsertActors(
      tx,
      kind,
      chunk.map((r) => ({
        source_system: r.source_system,
        external_id: r.external_id,
        display_name: r.display_name,
        status: String(r.status),
        environment: String(r.environment),
        tags: r.tags,
        teamId: r.team ? (teams.get(r.team) ?? null) : null,
        riskScore: initialRisk(kind, r, now),
      })),
    );
    const profileChanged = await profile(tx, chunk, actors.ids, teams);
    for (const id of actors.created) created.add(id);
    for (const id of [...actors.changed, ...profileChanged]) if (!created.has(id)) changed.add(id);
    const events: LedgerEvent[] = [];
    for (const id of actors.ids) {
      if (actors.created.has(id))
        events.push({ actor: by, action: "actor.imported", target: `actor:${id}`, details: { job: jobId } });
      else if (changed.has(id) && (actors.changed.has(id) || profileChanged.includes(id)))
        events.push({
          actor: by,
          action: "actor.updated",
          target: `actor:${id}`,
          details: { job: jobId, via: "import" },
        });
    }
    await queueLedger(tx, events);
    done += chunk.length;
    await progress(done);
  }
  // New actors were scored from their row on insert; changed ones may hold grants: recompute.
  await recomputeRisk(tx, [...changed]);
  return {
    summary: {
      total: rows.length,
      created: created.size,
      updated: changed.size,
      unchanged: rows.length - created.size - changed.size,
    },
    created,
    changed,
  };
}

/** The risk of a new actor from its CSV row (no grants yet, not flagged). */
function initialRisk(kind: "HUMAN" | "NHI" | "AGENT", r: HumanRow | NhiRow | AgentRow, now: Date): number {
  const status = r.status as "ACTIVE" | "SUSPENDED" | "OFFBOARDING" | "RETIRED";
  if (kind === "HUMAN" && "email" in r)
    return scoreRisk(
      { kind, status, human: { mfaEnrolled: r.mfa_enrolled, employmentStatus: r.employment_status } },
      now,
    ).score;
  if (kind === "NHI" && "nhi_type" in r) {
    return scoreRisk(
      {
        kind,
        status,
        nhi: {
          ownerId: r.owner_email,
          claimStatus: r.owner_email ? "OWNED" : "UNCLAIMED",
          rotationPeriodDays: r.rotation_period_days,
          lastRotatedAt: r.last_rotated_at,
          expiresAt: r.expires_at,
          lastUsedAt: r.last_used_at,
          vendor: r.vendor,
          oauthScopes: r.oauth_scopes,
        },
      },
      now,
    ).score;
  }
  if (kind === "AGENT" && "model" in r)
    return scoreRisk(
      {
        kind,
        status,
        agent: { sponsorId: r.sponsor_email, autonomyLevel: r.autonomy_level, toolAllowList: r.tools },
      },
      now,
    ).score;
  return 0;
}

const humanProfiles = async (tx: Tx, rows: HumanRow[], ids: string[]) => {
  const changed = await upsertRows(tx, "HumanProfile", ["actorId"], "actorId", [
    { name: "actorId", cast: "::uuid", values: ids },
    { name: "email", cast: "text", values: rows.map((r) => r.email) },
    { name: "department", cast: "text", values: rows.map((r) => r.department ?? "") },
    { name: "title", cast: "text", values: rows.map((r) => r.title ?? "") },
    { name: "mfaEnrolled", cast: "::boolean", values: rows.map((r) => toText(r.mfa_enrolled)) },
    { name: "employmentStatus", cast: `::"EmploymentStatus"`, values: rows.map((r) => r.employment_status) },
  ]);
  return changed;
};

/** Managers are resolved after every person of the file exists. */
async function linkManagers(tx: Tx, rows: HumanRow[], ids: Map<string, string>) {
  const withManager = rows.filter((r) => r.manager_email);
  const out: string[] = [];
  for (const chunk of chunks(withManager)) {
    const res = await tx.$queryRaw<{ actorId: string }[]>(Prisma.sql`
      UPDATE "HumanProfile" h SET "managerId" = m."actorId"
      FROM unnest(${chunk.map((r) => ids.get(`${r.source_system}\u001f${r.external_id}`)!)}::uuid[], ${chunk.map((r) => r.manager_email!)}::text[]) AS v(id, me)
      JOIN "HumanProfile" m ON lower(m.email) = v.me
      WHERE h."actorId" = v.id AND h."managerId" IS DISTINCT FROM m."actorId" RETURNING h."actorId"`);
    out.push(...res.map((r) => r.actorId));
  }
  return out;
}

async function nhiProfiles(tx: Tx, rows: NhiRow[], ids: string[]) {
  const owners = await humanIdsByEmail(
    tx,
    rows.map((r) => r.owner_email),
  );
  const now = new Date();
  return upsertRows(tx, "NhiProfile", ["actorId"], "actorId", [
    { name: "actorId", cast: "::uuid", values: ids },
    { name: "nhiType", cast: `::"NhiType"`, values: rows.map((r) => r.nhi_type) },
    { name: "platform", cast: "text", values: rows.map((r) => r.platform) },
    { name: "platformAccount", cast: "text", values: rows.map((r) => r.platform_account) },
    {
      name: "ownerId",
      cast: "::uuid",
      values: rows.map((r) => (r.owner_email ? (owners.get(r.owner_email) ?? null) : null)),
      update: `COALESCE(EXCLUDED."ownerId", t."ownerId")`,
    },
    {
      name: "ownerSince",
      cast: "::timestamptz",
      values: rows.map((r) => (r.owner_email ? now.toISOString() : null)),
      update: `CASE WHEN EXCLUDED."ownerId" IS NOT NULL AND EXCLUDED."ownerId" IS DISTINCT FROM t."ownerId" THEN EXCLUDED."ownerSince" ELSE t."ownerSince" END`,
      compare: false,
    },
    {
      name: "claimStatus",
      cast: `::"ClaimStatus"`,
      values: rows.map((r) => (r.owner_email ? "OWNED" : "UNCLAIMED")),
      update: `CASE WHEN EXCLUDED."ownerId" IS NOT NULL THEN 'OWNED'::"ClaimStatus" ELSE t."claimStatus" END`,
    },
    { name: "rotationPeriodDays", cast: "::int", values: rows.map((r) => toText(r.rotation_period_days)) },
    { name: "lastRotatedAt", cast: "::timestamptz", values: rows.map((r) => toText(r.last_rotated_at)) },
    {
      name: "rotationDueAt",
      cast: "::timestamptz",
      values: rows.map((r) =>
        r.rotation_period_days && r.last_rotated_at
          ? new Date(r.last_rotated_at.getTime() + r.rotation_period_days * DAY).toISOString()
          : null,
      ),
    },
    { name: "expiresAt", cast: "::timestamptz", values: rows.map((r) => toText(r.expires_at)) },
    { name: "lastUsedAt", cast: "::timestamptz", values: rows.map((r) => toText(r.last_used_at)) },
    { name: "vendor", cast: "text", values: rows.map((r) => r.vendor) },
    { name: "oauthScopes", cast: "text[]", values: rows.map((r) => toList(r.oauth_scopes)) },
  ]);
}

async function agentProfiles(tx: Tx, rows: AgentRow[], ids: string[]) {
  const sponsors = await humanIdsByEmail(
    tx,
    rows.map((r) => r.sponsor_email),
  );
  return upsertRows(tx, "AgentProfile", ["actorId"], "actorId", [
    { name: "actorId", cast: "::uuid", values: ids },
    { name: "model", cast: "text", values: rows.map((r) => r.model) },
    { name: "provider", cast: "text", values: rows.map((r) => r.provider) },
    { name: "runtime", cast: "text", values: rows.map((r) => r.runtime) },
    {
      name: "sponsorId",
      cast: "::uuid",
      values: rows.map((r) => (r.sponsor_email ? (sponsors.get(r.sponsor_email) ?? null) : null)),
      update: `COALESCE(EXCLUDED."sponsorId", t."sponsorId")`,
    },
    { name: "toolAllowList", cast: "text[]", values: rows.map((r) => toList(r.tools)) },
    { name: "autonomyLevel", cast: `::"AutonomyLevel"`, values: rows.map((r) => r.autonomy_level) },
    {
      name: "maxSessionTtlMinutes",
      cast: "::int",
      values: rows.map((r) => String(r.max_session_ttl_minutes ?? 60)),
    },
    { name: "onBehalfOf", cast: `::"OnBehalfOfScope"`, values: rows.map((r) => r.on_behalf_of) },
    { name: "lastActiveAt", cast: "::timestamptz", values: rows.map((r) => toText(r.last_active_at)) },
  ]);
}

/** Who vouches for an import's grants: the importing admin's person (their requester and approver of record). */
export type Attester = { actorId: string; name: string; filename: string };

/**
 * Every grant created in Triad has a requester and a named approval. An imported grant records
 * the importing admin's person as its requester and "import: attested by <admin> (import <job>)"
 * as the named approval, on a FULFILLED request of its own, so its access story answers who
 * asked and who approved. An admin whose account is not linked to a person cannot vouch.
 */
async function attesterOf(jobId: string): Promise<Attester> {
  const job = await db.importJob.findUnique({
    where: { id: jobId },
    select: { filename: true, createdBy: { select: { name: true, email: true, actorId: true } } },
  });
  const user = job?.createdBy;
  if (!job || !user?.actorId)
    throw new Invalid(
      "Grants are imported on an admin's word: link your console account to your person in the inventory (Settings → Users) first, so each grant records who attested it.",
    );
  return { actorId: user.actorId, name: user.name ?? user.email, filename: job.filename };
}

async function importGrants(
  tx: Tx,
  rows: GrantRow[],
  by: LedgerActor,
  jobId: string,
  attester: Attester,
  progress: Progress,
): Promise<ImportSummary> {
  const approval = importAttestation(attester.name, jobId);
  const justification =
    `Imported from ${attester.filename} by ${attester.name} (import ${jobId}): access held in the source system.`.slice(
      0,
      2000,
    );
  let created = 0;
  let updated = 0;
  let done = 0;
  const touched = new Set<string>();
  for (const chunk of chunks(rows)) {
    const res = [
      ...new Map(
        chunk.map((r) => [`${r.resource_source_system}\u001f${r.resource_external_id}`, r]),
      ).values(),
    ];
    await upsertRows(tx, "Resource", ["sourceSystem", "externalId"], "id", [
      {
        name: "id",
        cast: "::uuid",
        values: res.map(() => crypto.randomUUID()),
        update: "t.id",
        compare: false,
      },
      { name: "sourceSystem", cast: "text", values: res.map((r) => r.resource_source_system) },
      { name: "externalId", cast: "text", values: res.map((r) => r.resource_external_id) },
      { name: "name", cast: "text", values: res.map((r) => r.resource_name) },
      { name: "kind", cast: `::"ResourceKind"`, values: res.map((r) => r.resource_kind) },
    ]);
    const settingsChanged = await upsertEntitlements(tx, chunk, by, jobId);
    const inserted = await tx.$queryRaw<{ id: string; actorId: string; entitlementId: string }[]>(Prisma.sql`
      WITH v AS (
        SELECT * FROM unnest(${chunk.map((r) => r.actor_source_system)}::text[], ${chunk.map((r) => r.actor_external_id)}::text[],
          ${chunk.map((r) => r.resource_source_system)}::text[], ${chunk.map((r) => r.resource_external_id)}::text[],
          ${chunk.map((r) => r.entitlement)}::text[], ${chunk.map((r) => toText(r.expires_at))}::text[]) AS v(asrc, aext, rsrc, rext, ent, exp)
      ), m AS MATERIALIZED (
        SELECT a.id AS actor, e.id AS ent, v.exp::timestamptz AS exp, gen_random_uuid() AS rid,
          NOT EXISTS (SELECT 1 FROM "Grant" g WHERE g."actorId" = a.id AND g."entitlementId" = e.id AND g.status = 'ACTIVE') AS fresh
        FROM v
        JOIN "Actor" a ON a."sourceSystem" = v.asrc AND a."externalId" = v.aext
        JOIN "Resource" r ON r."sourceSystem" = v.rsrc AND r."externalId" = v.rext
        JOIN "Entitlement" e ON e."resourceId" = r.id AND e.name = v.ent
      ), upd AS (
        UPDATE "Grant" g SET "expiresAt" = m.exp FROM m
        WHERE g."actorId" = m.actor AND g."entitlementId" = m.ent AND g.status = 'ACTIVE' AND g.source = 'IMPORT' AND g."expiresAt" IS DISTINCT FROM m.exp
        RETURNING g.id, g."actorId", g."entitlementId", false AS created
      ), req AS (
        INSERT INTO "AccessRequest" (id, "requesterId", "subjectId", "entitlementId", justification, status, decision, "decisionReason", "autoApprovedBy", "decidedAt")
        SELECT m.rid, ${attester.actorId}::uuid, m.actor, m.ent, ${justification}, 'FULFILLED', 'ALLOW', ${approval}, ${approval}, now()
        FROM m WHERE m.fresh
        RETURNING id
      ), ins AS (
        INSERT INTO "Grant" (id, "actorId", "entitlementId", source, status, "expiresAt", "requestId")
        SELECT gen_random_uuid(), m.actor, m.ent, 'IMPORT', 'ACTIVE', m.exp, req.id FROM m JOIN req ON req.id = m.rid
        RETURNING id, "actorId", "entitlementId", true AS created
      )
      SELECT id, "actorId", "entitlementId", created FROM ins UNION ALL SELECT id, "actorId", "entitlementId", created FROM upd`);
    const events: LedgerEvent[] = [...settingsChanged];
    for (const g of inserted as { id: string; actorId: string; entitlementId: string; created: boolean }[]) {
      if (g.created) created++;
      else updated++;
      touched.add(g.actorId);
      events.push({
        actor: by,
        action: g.created ? "grant.imported" : "grant.updated",
        // On the grant, so its access story lists the import (the holder is in the details).
        target: `grant:${g.id}`,
        details: {
          job: jobId,
          actorId: g.actorId,
          grantId: g.id,
          entitlementId: g.entitlementId,
          ...(g.created ? { attestedBy: attester.actorId } : {}),
        },
      });
    }
    await queueLedger(tx, events);
    done += chunk.length;
    await progress(done);
  }
  await recomputeRisk(tx, [...touched]);
  return { total: rows.length, created, updated, unchanged: rows.length - created - updated };
}

/**
 * People the file marks OFFBOARDING or RETIRED go through the one offboarding function (grants
 * revoked, console account disabled under the last-admin guard, succession), like SCIM and
 * manual offboarding. Only those with something left to end are touched, so re-importing the
 * same file changes nothing.
 */
async function offboardImportedLeavers(tx: Tx, humanIds: string[], by: LedgerActor, jobId: string) {
  for (const chunk of chunks(humanIds)) {
    const leaving = await tx.actor.findMany({
      where: {
        id: { in: chunk },
        kind: "HUMAN",
        status: { in: ["OFFBOARDING", "RETIRED"] },
        OR: [{ flaggedAt: null }, { user: { disabledAt: null } }, { grants: { some: { status: "ACTIVE" } } }],
      },
      select: { id: true, status: true },
    });
    for (const person of leaving)
      // Entries to the outbox like the rest of the import: no chain lock in this long transaction.
      await offboardPerson(tx, person.id, `Marked ${person.status} by import ${jobId}`, by, "outbox");
  }
}

export async function commitImport(
  parsed: ParsedImport,
  by: LedgerActor,
  jobId: string,
  progress: Progress = () => {},
): Promise<ImportSummary> {
  const attester = parsed.kind === "grants" ? await attesterOf(jobId) : null;
  const summary = await writeImport(parsed, by, jobId, attester, progress);
  // Committed, entries durable in the outbox: a failed drain is retried by the "ledger.outbox" job.
  await drainLedgerOutbox().catch((error: unknown) =>
    console.error("[triad] ledger outbox drain failed; the job retries it:", (error as Error).message),
  );
  return summary;
}

function writeImport(
  parsed: ParsedImport,
  by: LedgerActor,
  jobId: string,
  attester: Attester | null,
  progress: Progress,
): Promise<ImportSummary> {
  return db.$transaction(
    async (tx) => {
      let summary: ImportSummary;
      if (parsed.kind === "humans") {
        const rows = parsed.rows;
        const ids = new Map<string, string>();
        const result = await importActors(
          tx,
          "HUMAN",
          rows,
          by,
          jobId,
          async (t, chunk, chunkIds) => {
            chunk.forEach((r, i) => ids.set(`${r.source_system}\u001f${r.external_id}`, chunkIds[i]));
            return humanProfiles(t, chunk, chunkIds);
          },
          progress,
        );
        summary = result.summary;
        // A manager change alone counts as an update; new people already have their entry.
        const managerOnly = (await linkManagers(tx, rows, ids)).filter(
          (id) => !result.created.has(id) && !result.changed.has(id),
        );
        if (managerOnly.length) {
          summary = {
            ...summary,
            updated: summary.updated + managerOnly.length,
            unchanged: summary.unchanged - managerOnly.length,
          };
          await queueLedger(
            tx,
            managerOnly.map((id) => ({
              actor: by,
              action: "actor.updated",
              target: `actor:${id}`,
              details: { job: jobId, field: "manager" },
            })),
          );
        }
        await offboardImportedLeavers(tx, [...ids.values()], by, jobId);
      } else if (parsed.kind === "nhis")
        summary = (await importActors(tx, "NHI", parsed.rows, by, jobId, nhiProfiles, progress)).summary;
      else if (parsed.kind === "agents")
        summary = (await importActors(tx, "AGENT", parsed.rows, by, jobId, agentProfiles, progress)).summary;
      else if (attester) summary = await importGrants(tx, parsed.rows, by, jobId, attester, progress);
      else throw new Error("a grants import needs its attester");
      await queueLedger(tx, {
        actor: by,
        action: "import.completed",
        target: `import:${jobId}`,
        details: { kind: parsed.kind, ...summary },
      });
      return summary;
    },
    { timeout: 15 * 60_000, maxWait: 10_000 },
  );
}
