import { db, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { LedgerActor } from "@/lib/ledger/append";
import { queueLedger, requestDrain } from "@/lib/ledger/outbox";
import { GROUP_RESOURCE } from "./attributes";
import type { Complex, Doc } from "./document";
import { ScimError } from "./errors";
import type { Filter } from "./filter";
import { memberDelta, type MemberDelta } from "./member-ops";
import { applyPatch, assertRequired, documentFromBody } from "./patch";
import { assertIfMatch, render, type Json } from "./render";
import { compileFilter, sortColumn, type ColumnRef, type Mapping } from "./sql";
import type { ListQuery } from "./user-list";
import { isUuid } from "@/lib/ids";

// SCIM Groups are Teams; members are people (by their SCIM id = actor id). Membership changes are
// written as a difference (a one-member PATCH to a 10,000-member group inserts one row), and
// Team.version is meta.version, bumped with every change in the same transaction.

type TeamRow = {
  id: string;
  name: string;
  externalId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
};
type Member = { id: string; displayName: string };
const teamSelect = {
  id: true,
  name: true,
  externalId: true,
  createdAt: true,
  updatedAt: true,
  version: true,
} as const;

// A 100,000-member replace on a busy machine outlasts Prisma's 5 s default.
const BIG = { timeout: 60_000, maxWait: 10_000 };
const groupVersion = (t: TeamRow) => `W/"${t.version}"`;

async function membersOf(client: Tx | typeof db, teamIds: string[]): Promise<Map<string, Member[]>> {
  const out = new Map<string, Member[]>(teamIds.map((id) => [id, []]));
  if (!teamIds.length) return out;
  const rows = await client.$queryRaw<{ teamId: string; id: string; displayName: string }[]>`
    SELECT m."teamId"::text AS "teamId", a.id::text AS id, a."displayName" FROM "TeamMember" m JOIN "Actor" a ON a.id = m."actorId"
    WHERE m."teamId" = ANY(${teamIds}::uuid[]) ORDER BY a."displayName", a.id`;
  for (const r of rows) out.get(r.teamId)?.push({ id: r.id, displayName: r.displayName });
  return out;
}

export function toScimGroup(t: TeamRow, members: Member[] | null, baseUrl: string): Json {
  const doc: Doc = { displayName: t.name };
  if (t.externalId) doc.externalId = t.externalId;
  const extra: Record<string, Json> = {};
  if (members)
    (extra as Record<string, unknown>).members = members.map((m) => ({
      value: m.id,
      display: m.displayName,
      $ref: `${baseUrl}/Users/${m.id}`,
      type: "User",
    }));
  return render(
    GROUP_RESOURCE,
    t.id,
    doc,
    {
      resourceType: "Group",
      created: t.createdAt,
      lastModified: t.updatedAt,
      location: `${baseUrl}/Groups/${t.id}`,
      version: groupVersion(t),
    },
    extra,
  );
}

export function groupFromBody(body: unknown): Doc {
  const doc = documentFromBody(GROUP_RESOURCE, body);
  assertRequired(GROUP_RESOURCE, doc);
  return doc;
}

export async function getGroup(
  id: string,
  withMembers: boolean,
): Promise<{ team: TeamRow; members: Member[] | null }> {
  const team = isUuid(id) ? await db.team.findUnique({ where: { id }, select: teamSelect }) : null;
  if (!team) throw new ScimError(404, `Group ${id.slice(0, 60)} not found.`);
  return { team, members: withMembers ? ((await membersOf(db, [id])).get(id) ?? []) : null };
}

const raw = (s: string, caseExact = false): ColumnRef => ({ expr: Prisma.raw(s), kind: "string", caseExact });
const SCALAR: Record<string, ColumnRef> = {
  id: raw(`t.id::text`, true),
  externalId: raw(`t."externalId"`, true),
  displayName: raw(`t.name`),
  "meta.created": { expr: Prisma.raw(`t."createdAt"`), kind: "date", caseExact: true },
  "meta.lastModified": { expr: Prisma.raw(`t."updatedAt"`), kind: "date", caseExact: true },
};
const groupMapping: Mapping = {
  schema: GROUP_RESOURCE,
  scalar: (a, sub) => SCALAR[sub ? `${a.key}.${sub.name}` : a.key],
  multi: (a) =>
    a.key === "members"
      ? {
          from: Prisma.raw(`(SELECT "actorId"::text AS value FROM "TeamMember" WHERE "teamId" = t.id) el`),
          nonEmpty: Prisma.raw(`EXISTS (SELECT 1 FROM "TeamMember" WHERE "teamId" = t.id)`),
          element: (sub) => (sub.name === "value" ? raw(`el.value`, true) : undefined),
        }
      : undefined,
};

export async function listGroups(q: ListQuery & { filter: Filter | null }, withMembers: boolean) {
  const where = q.filter ? Prisma.sql`WHERE ${compileFilter(q.filter, groupMapping)}` : Prisma.empty;
  const sort = sortColumn(groupMapping, q.sortBy, () => undefined);
  const order = sort
    ? Prisma.sql`ORDER BY ${sort.expr} ${Prisma.raw(q.descending ? "DESC" : "ASC")} NULLS LAST, t.id`
    : Prisma.sql`ORDER BY t."createdAt", t.id`;
  const [counted, rows] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Team" t ${where}`,
    q.count === 0
      ? Promise.resolve([] as TeamRow[])
      : db.$queryRaw<
          TeamRow[]
        >`SELECT t.id::text AS id, t.name, t."externalId", t."createdAt", t."updatedAt", t.version FROM "Team" t ${where} ${order} OFFSET ${q.startIndex - 1} LIMIT ${q.count}`,
  ]);
  const members = withMembers
    ? await membersOf(
        db,
        rows.map((r) => r.id),
      )
    : null;
  return {
    total: Number(counted[0]?.n ?? 0),
    rows: rows.map((team) => ({ team, members: members?.get(team.id) ?? null })),
  };
}

function memberIdsOf(doc: Doc): string[] {
  const list = Array.isArray(doc.members) ? (doc.members as Complex[]) : [];
  return [...new Set(list.map((m) => String(m.value).toLowerCase()))];
}

/** Every member must be a person Triad knows: an unknown id is a 400, never dropped. */
async function assertMembers(tx: Tx, ids: string[]): Promise<void> {
  const bad = ids.find((id) => !isUuid(id));
  if (bad)
    throw new ScimError(
      400,
      `Unknown member "${bad.slice(0, 60)}": members are users, by their SCIM id.`,
      "invalidValue",
    );
  if (!ids.length) return;
  const found = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id::text AS id FROM "Actor" WHERE id = ANY(${ids}::uuid[]) AND kind = 'HUMAN' AND status <> 'RETIRED'`;
  if (found.length !== ids.length) {
    const known = new Set(found.map((f) => f.id));
    throw new ScimError(400, `Unknown member "${ids.find((id) => !known.has(id))}".`, "invalidValue");
  }
}

async function assertUnique(tx: Tx, doc: Doc, id: string | null): Promise<void> {
  const name = String(doc.displayName);
  const ext = typeof doc.externalId === "string" ? doc.externalId : null;
  const dup = await tx.team.findFirst({
    where: {
      OR: [{ name: { equals: name, mode: "insensitive" } }, ...(ext ? [{ externalId: ext }] : [])],
      ...(id ? { id: { not: id } } : {}),
    },
    select: { name: true },
  });
  if (dup)
    throw new ScimError(
      409,
      `A group named "${dup.name}" (or with that externalId) already exists.`,
      "uniqueness",
    );
}

// Group changes queue their ledger entry (lib/ledger/outbox.ts) instead of taking the chain lock
// while a 10,000-member write is still in the transaction; the drainer chains it after the commit.
async function committed<T>(work: Promise<T>): Promise<T> {
  const out = await work;
  requestDrain();
  return out;
}

export async function createGroup(doc: Doc, by: LedgerActor): Promise<TeamRow> {
  return committed(
    db.$transaction(async (tx) => {
      await assertUnique(tx, doc, null);
      const ids = memberIdsOf(doc);
      const team = await tx.team.create({
        data: {
          name: String(doc.displayName),
          externalId: typeof doc.externalId === "string" ? doc.externalId : null,
        },
        select: teamSelect,
      });
      await addMembers(tx, team.id, ids);
      await queueLedger(tx, {
        actor: by,
        action: "team.provisioned",
        target: `team:${team.id}`,
        details: { name: team.name, members: ids.length },
      });
      return team;
    }, BIG),
  );
}

async function lockGroup(tx: Tx, id: string, ifMatch: string | null): Promise<TeamRow> {
  const rows = isUuid(id)
    ? await tx.$queryRaw<
        TeamRow[]
      >`SELECT id::text AS id, name, "externalId", "createdAt", "updatedAt", version FROM "Team" WHERE id = ${id}::uuid FOR UPDATE`
    : [];
  if (!rows[0]) throw new ScimError(404, `Group ${id.slice(0, 60)} not found.`);
  assertIfMatch(ifMatch, groupVersion(rows[0]));
  return rows[0];
}

async function save(tx: Tx, team: TeamRow, before: string[], doc: Doc, by: LedgerActor): Promise<TeamRow> {
  await assertUnique(tx, doc, team.id);
  const want = memberIdsOf(doc);
  const had = new Set(before);
  const keep = new Set(want);
  const added = want.filter((x) => !had.has(x));
  const removed = before.filter((x) => !keep.has(x));
  const externalId = typeof doc.externalId === "string" ? doc.externalId : null;
  if (!added.length && !removed.length && doc.displayName === team.name && externalId === team.externalId)
    return team;
  const updated = await tx.team.update({
    where: { id: team.id },
    data: { name: String(doc.displayName), externalId, version: { increment: 1 } },
    select: teamSelect,
  });
  if (removed.length)
    await tx.$executeRaw`DELETE FROM "TeamMember" WHERE "teamId" = ${team.id}::uuid AND "actorId" = ANY(${removed}::uuid[])`;
  await addMembers(tx, team.id, added);
  await queueLedger(tx, {
    actor: by,
    action: "team.updated",
    target: `team:${team.id}`,
    details: {
      name: updated.name,
      added: added.length,
      removed: removed.length,
      addedIds: added.slice(0, 100),
      removedIds: removed.slice(0, 100),
    },
  });
  return updated;
}

/** A member-only PATCH as set operations: the group's member list is never loaded. */
async function changeMembers(tx: Tx, team: TeamRow, delta: MemberDelta, by: LedgerActor): Promise<TeamRow> {
  if (delta.mustBeMembers.length) {
    const found = await tx.$queryRaw<{ id: string }[]>`
      SELECT "actorId"::text AS id FROM "TeamMember" WHERE "teamId" = ${team.id}::uuid AND "actorId" = ANY(${delta.mustBeMembers}::uuid[])`;
    if (found.length !== delta.mustBeMembers.length) {
      const known = new Set(found.map((f) => f.id));
      const missing = delta.mustBeMembers.find((m) => !known.has(m));
      throw new ScimError(400, `members has no value "${missing}".`, "noTarget");
    }
  }
  if (delta.add.length) {
    // Only newcomers must be known people (as on the generic path): re-adding a member is a no-op.
    const already = await tx.$queryRaw<{ id: string }[]>`
      SELECT "actorId"::text AS id FROM "TeamMember" WHERE "teamId" = ${team.id}::uuid AND "actorId" = ANY(${delta.add}::uuid[])`;
    const known = new Set(already.map((r) => r.id));
    await assertMembers(
      tx,
      delta.add.filter((m) => !known.has(m)),
    );
  }
  const removed = delta.remove.length
    ? (
        await tx.$queryRaw<{ id: string }[]>`
          DELETE FROM "TeamMember" WHERE "teamId" = ${team.id}::uuid AND "actorId" = ANY(${delta.remove}::uuid[]) RETURNING "actorId"::text AS id`
      ).map((r) => r.id)
    : [];
  const added = delta.add.length
    ? (
        await tx.$queryRaw<{ id: string }[]>`
          INSERT INTO "TeamMember" ("teamId", "actorId") SELECT ${team.id}::uuid, unnest(${delta.add}::uuid[])
          ON CONFLICT DO NOTHING RETURNING "actorId"::text AS id`
      ).map((r) => r.id)
    : [];
  if (!added.length && !removed.length) return team;
  const updated = await tx.team.update({
    where: { id: team.id },
    data: { version: { increment: 1 } },
    select: teamSelect,
  });
  await queueLedger(tx, {
    actor: by,
    action: "team.updated",
    target: `team:${team.id}`,
    details: {
      name: updated.name,
      added: added.length,
      removed: removed.length,
      addedIds: added.slice(0, 100),
      removedIds: removed.slice(0, 100),
    },
  });
  return updated;
}

/**
 * Adds members with one set-based INSERT that takes only known people (Prisma's createMany of
 * 10,000 rows costs seconds of CPU here, and a separate check of the ids a second pass). Fewer
 * rows than ids means an unknown id or an existing member: only then are the ids checked one by
 * one, for the error that names the unknown one.
 */
async function addMembers(tx: Tx, teamId: string, ids: string[]): Promise<void> {
  if (!ids.length) return;
  if (ids.some((id) => !isUuid(id))) return assertMembers(tx, ids);
  const inserted = await tx.$executeRaw`
    INSERT INTO "TeamMember" ("teamId", "actorId")
    SELECT ${teamId}::uuid, a.id FROM unnest(${ids}::uuid[]) u(id) JOIN "Actor" a ON a.id = u.id
    WHERE a.kind = 'HUMAN' AND a.status <> 'RETIRED' ORDER BY a.id
    ON CONFLICT DO NOTHING`;
  if (inserted !== ids.length) await assertMembers(tx, ids);
}

async function currentMembers(tx: Tx, id: string): Promise<string[]> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT "actorId"::text AS id FROM "TeamMember" WHERE "teamId" = ${id}::uuid`;
  return rows.map((r) => r.id);
}

export async function replaceGroup(
  id: string,
  doc: Doc,
  by: LedgerActor,
  ifMatch: string | null = null,
): Promise<TeamRow> {
  return committed(
    db.$transaction(async (tx) => {
      const team = await lockGroup(tx, id, ifMatch);
      return save(tx, team, await currentMembers(tx, id), doc, by);
    }, BIG),
  );
}

export async function patchGroup(
  id: string,
  body: unknown,
  by: LedgerActor,
  ifMatch: string | null = null,
): Promise<TeamRow> {
  return committed(
    db.$transaction(async (tx) => {
      const team = await lockGroup(tx, id, ifMatch);
      const delta = memberDelta(body);
      if (delta) return changeMembers(tx, team, delta, by);
      const before = await currentMembers(tx, id);
      const doc: Doc = {
        displayName: team.name,
        ...(team.externalId ? { externalId: team.externalId } : {}),
        members: before.map((value) => ({ value })),
      };
      const after = applyPatch(GROUP_RESOURCE, doc, body);
      assertRequired(GROUP_RESOURCE, after);
      return save(tx, team, before, after, by);
    }, BIG),
  );
}

export async function deleteGroup(id: string, by: LedgerActor, ifMatch: string | null = null): Promise<void> {
  await committed(
    db.$transaction(async (tx) => {
      await lockGroup(tx, id, ifMatch);
      await tx.team.delete({ where: { id } });
      await queueLedger(tx, { actor: by, action: "team.deprovisioned", target: `team:${id}` });
    }),
  );
}
