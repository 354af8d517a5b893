import { db, type Tx } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { ScimError } from "./errors";
import { GROUP_SCHEMA, LIST_SCHEMA, scimGroupSchema, type ScimGroupInput } from "./schemas";
import type { ScimFilter } from "./filter";

// SCIM Groups are Teams; members are human actors (by their SCIM id = actor id).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const groupSelect = { id: true, name: true, externalId: true, createdAt: true, members: { select: { actor: { select: { id: true, displayName: true } } } } } as const;
type GroupRow = { id: string; name: string; externalId: string | null; createdAt: Date; members?: { actor: { id: string; displayName: string } }[] };

export function toScimGroup(g: GroupRow, baseUrl: string, withMembers = true) {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.externalId ? { externalId: g.externalId } : {}),
    displayName: g.name,
    ...(withMembers ? { members: (g.members ?? []).map((m) => ({ value: m.actor.id, display: m.actor.displayName, $ref: `${baseUrl}/Users/${m.actor.id}`, type: "User" })) } : {}),
    meta: { resourceType: "Group", created: g.createdAt.toISOString(), lastModified: g.createdAt.toISOString(), location: `${baseUrl}/Groups/${g.id}` },
  };
}

export function parseGroup(body: unknown): ScimGroupInput {
  const parsed = scimGroupSchema.safeParse(body);
  if (!parsed.success) throw new ScimError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), "invalidValue");
  return parsed.data;
}

export async function getGroup(id: string) {
  const g = UUID.test(id) ? await db.team.findUnique({ where: { id }, select: groupSelect }) : null;
  if (!g) throw new ScimError(404, `Group ${id.slice(0, 60)} not found.`);
  return g;
}

export async function listGroups(filter: ScimFilter, startIndex: number, count: number, baseUrl: string, withMembers: boolean) {
  const where: Record<string, unknown> = {};
  for (const f of filter) {
    if (f.attr === "displayName") where.name = f.value;
    else if (f.attr === "externalId") where.externalId = f.value;
    else if (f.attr === "id") where.id = UUID.test(f.value) ? f.value : "00000000-0000-0000-0000-000000000000";
  }
  const [total, rows] = await Promise.all([
    db.team.count({ where }),
    count === 0 ? [] : db.team.findMany({ where, select: groupSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: startIndex - 1, take: count }),
  ]);
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((r) => toScimGroup(r, baseUrl, withMembers)) };
}

async function memberIds(tx: Tx, input: ScimGroupInput): Promise<string[]> {
  const ids = [...new Set((input.members ?? []).map((m) => m.value))];
  const bad = ids.filter((id) => !UUID.test(id));
  if (bad.length) throw new ScimError(400, `Unknown member ${bad[0].slice(0, 60)}.`, "invalidValue");
  if (!ids.length) return [];
  const found = await tx.actor.findMany({ where: { id: { in: ids }, kind: "HUMAN" }, select: { id: true } });
  if (found.length !== ids.length) {
    const known = new Set(found.map((f) => f.id));
    throw new ScimError(400, `Unknown member ${ids.find((id) => !known.has(id))}.`, "invalidValue");
  }
  return ids;
}

async function assertUnique(tx: Tx, input: ScimGroupInput, id?: string) {
  const dup = await tx.team.findFirst({
    where: { OR: [{ name: input.displayName }, ...(input.externalId ? [{ externalId: input.externalId }] : [])], ...(id ? { id: { not: id } } : {}) },
    select: { id: true },
  });
  if (dup) throw new ScimError(409, `A group named "${input.displayName}" (or with that externalId) already exists.`, "uniqueness");
}

export async function createGroup(input: ScimGroupInput, by: LedgerActor) {
  return db.$transaction(async (tx) => {
    await assertUnique(tx, input);
    const ids = await memberIds(tx, input);
    const team = await tx.team.create({
      data: { name: input.displayName, externalId: input.externalId ?? null, members: { create: ids.map((actorId) => ({ actorId })) } },
      select: groupSelect,
    });
    await appendLedger(tx, { actor: by, action: "team.provisioned", target: `team:${team.id}`, details: { name: team.name, members: ids.length } });
    return team;
  });
}

export async function replaceGroup(id: string, input: ScimGroupInput, by: LedgerActor) {
  await getGroup(id);
  return db.$transaction(async (tx) => {
    await assertUnique(tx, input, id);
    const ids = await memberIds(tx, input);
    const before = await tx.teamMember.findMany({ where: { teamId: id }, select: { actorId: true } });
    const had = new Set(before.map((b) => b.actorId));
    const want = new Set(ids);
    const added = ids.filter((x) => !had.has(x));
    const removed = [...had].filter((x) => !want.has(x));
    await tx.team.update({ where: { id }, data: { name: input.displayName, ...(input.externalId !== undefined ? { externalId: input.externalId } : {}) } });
    if (removed.length) await tx.teamMember.deleteMany({ where: { teamId: id, actorId: { in: removed } } });
    if (added.length) await tx.teamMember.createMany({ data: added.map((actorId) => ({ teamId: id, actorId })), skipDuplicates: true });
    await appendLedger(tx, { actor: by, action: "team.updated", target: `team:${id}`, details: { name: input.displayName, added: added.length, removed: removed.length } });
    return tx.team.findUniqueOrThrow({ where: { id }, select: groupSelect });
  });
}

export async function deleteGroup(id: string, by: LedgerActor) {
  await getGroup(id);
  await db.$transaction(async (tx) => {
    await tx.team.delete({ where: { id } });
    await appendLedger(tx, { actor: by, action: "team.deprovisioned", target: `team:${id}` });
  });
}
