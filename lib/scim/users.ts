import { offboardPerson } from "@/lib/ownership/succession";
import { db, type Tx } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { flagLeaver } from "@/lib/inventory/leaver";
import { recomputeRisk } from "@/lib/risk/recompute";
import { ScimError } from "./errors";
import { ENTERPRISE_SCHEMA, LIST_SCHEMA, USER_SCHEMA, scimUserSchema, type ScimUserInput } from "./schemas";
import type { ScimFilter } from "./filter";

// SCIM Users are the human actors. userName is the person's sign-in name (kept as the human's
// email, unique, case-insensitive); externalId is the IdP's id (Actor.externalId, default userName).
export const SCIM_SOURCE = "scim";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const userSelect = {
  id: true,
  displayName: true,
  externalId: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  human: { select: { email: true, department: true, title: true, managerId: true } },
} as const;
type UserRow = { id: string; displayName: string; externalId: string; status: string; createdAt: Date; updatedAt: Date; human: { email: string; department: string; title: string; managerId: string | null } | null };

export function toScimUser(a: UserRow, baseUrl: string) {
  const [givenName, ...rest] = a.displayName.split(" ");
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
    id: a.id,
    externalId: a.externalId,
    userName: a.human?.email ?? a.externalId,
    displayName: a.displayName,
    name: { formatted: a.displayName, givenName, familyName: rest.join(" ") || undefined },
    title: a.human?.title || undefined,
    active: a.status === "ACTIVE",
    emails: a.human ? [{ value: a.human.email, primary: true, type: "work" }] : [],
    [ENTERPRISE_SCHEMA]: { department: a.human?.department || undefined, ...(a.human?.managerId ? { manager: { value: a.human.managerId } } : {}) },
    meta: { resourceType: "User", created: a.createdAt.toISOString(), lastModified: a.updatedAt.toISOString(), location: `${baseUrl}/Users/${a.id}`, version: `W/"${a.updatedAt.getTime()}"` },
  };
}

export function parseUser(body: unknown): ScimUserInput {
  const parsed = scimUserSchema.safeParse(body);
  if (!parsed.success) throw new ScimError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "), "invalidValue");
  return parsed.data;
}

function fields(u: ScimUserInput) {
  const ent = u[ENTERPRISE_SCHEMA];
  const formatted = u.name?.formatted || [u.name?.givenName, u.name?.familyName].filter(Boolean).join(" ");
  const managerRaw = typeof ent?.manager === "string" ? ent.manager : ent?.manager?.value;
  return {
    displayName: (u.displayName || formatted || u.userName).slice(0, 200),
    externalId: u.externalId || u.userName,
    email: u.userName,
    title: u.title ?? "",
    department: ent?.department ?? "",
    managerId: managerRaw && UUID.test(managerRaw) ? managerRaw : null,
    active: u.active ?? true,
  };
}

async function findByUserName(tx: Tx | typeof db, userName: string) {
  return tx.humanProfile.findFirst({ where: { email: { equals: userName, mode: "insensitive" } }, select: { actorId: true, actor: { select: { status: true } } } });
}

async function existingManager(tx: Tx, id: string | null): Promise<string | null> {
  if (!id) return null;
  const m = await tx.actor.findFirst({ where: { id, kind: "HUMAN" }, select: { id: true } });
  return m?.id ?? null;
}

export async function getUser(id: string) {
  if (!UUID.test(id)) throw new ScimError(404, `User ${id.slice(0, 60)} not found.`);
  const a = await db.actor.findFirst({ where: { id, kind: "HUMAN", status: { not: "RETIRED" } }, select: userSelect });
  if (!a) throw new ScimError(404, `User ${id} not found.`);
  return a;
}

export async function listUsers(filter: ScimFilter, startIndex: number, count: number, baseUrl: string) {
  const where: Record<string, unknown> = { kind: "HUMAN", status: { not: "RETIRED" } };
  const human: Record<string, unknown> = {};
  for (const f of filter) {
    if (f.attr === "userName") human.email = { equals: f.value, mode: "insensitive" };
    else if (f.attr === "externalId") where.externalId = f.value;
    else if (f.attr === "id") where.id = UUID.test(f.value) ? f.value : "00000000-0000-0000-0000-000000000000";
    else if (f.attr === "displayName") where.displayName = f.value;
  }
  if (Object.keys(human).length) where.human = human;
  const [total, rows] = await Promise.all([
    db.actor.count({ where }),
    count === 0 ? [] : db.actor.findMany({ where, select: userSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: startIndex - 1, take: count }),
  ]);
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: rows.map((r) => toScimUser(r, baseUrl)) };
}

export async function createUser(input: ScimUserInput, by: LedgerActor) {
  const f = fields(input);
  return db.$transaction(async (tx) => {
    const existing = await findByUserName(tx, f.email);
    if (existing && existing.actor.status !== "RETIRED") throw new ScimError(409, `A user with userName "${f.email}" already exists.`, "uniqueness");
    if (existing) {
      // A deleted (retired) user coming back: reactivate the same actor, keeping its history.
      return saveUser(tx, existing.actorId, input, by, "actor.reprovisioned");
    }
    const dupExt = await tx.actor.findFirst({ where: { sourceSystem: SCIM_SOURCE, externalId: f.externalId }, select: { id: true } });
    if (dupExt) throw new ScimError(409, `A user with externalId "${f.externalId}" already exists.`, "uniqueness");
    const managerId = await existingManager(tx, f.managerId);
    const actor = await tx.actor.create({
      data: {
        kind: "HUMAN",
        displayName: f.displayName,
        externalId: f.externalId,
        sourceSystem: SCIM_SOURCE,
        status: f.active ? "ACTIVE" : "OFFBOARDING",
        human: { create: { email: f.email, department: f.department, title: f.title, managerId } },
      },
      select: { id: true },
    });
    await appendLedger(tx, { actor: by, action: "actor.provisioned", target: `actor:${actor.id}`, details: { userName: f.email, externalId: f.externalId, source: SCIM_SOURCE } });
    if (!f.active) await flagLeaver(tx, actor.id, "Provisioned inactive by the identity provider", by);
    else await recomputeRisk(tx, [actor.id]);
    return tx.actor.findUniqueOrThrow({ where: { id: actor.id }, select: userSelect });
  });
}

async function saveUser(tx: Tx, id: string, input: ScimUserInput, by: LedgerActor, action: "actor.updated" | "actor.reprovisioned" = "actor.updated") {
  const f = fields(input);
  const current = await tx.actor.findFirst({ where: { id, kind: "HUMAN" }, select: { id: true, status: true, sourceSystem: true, externalId: true, human: { select: { email: true } } } });
  if (!current) throw new ScimError(404, `User ${id} not found.`);
  const clash = await findByUserName(tx, f.email);
  if (clash && clash.actorId !== id) throw new ScimError(409, `A user with userName "${f.email}" already exists.`, "uniqueness");
  // Only SCIM-sourced actors take the IdP's externalId; others keep their provenance.
  const externalId = current.sourceSystem === SCIM_SOURCE ? f.externalId : current.externalId;
  if (externalId !== current.externalId) {
    const dup = await tx.actor.findFirst({ where: { sourceSystem: current.sourceSystem, externalId, id: { not: id } }, select: { id: true } });
    if (dup) throw new ScimError(409, `A user with externalId "${externalId}" already exists.`, "uniqueness");
  }
  const managerId = f.managerId === id ? null : await existingManager(tx, f.managerId);
  const reactivate = f.active && current.status !== "ACTIVE";
  await tx.actor.update({
    where: { id },
    data: {
      displayName: f.displayName,
      externalId,
      ...(reactivate ? { status: "ACTIVE", flaggedAt: null, flaggedReason: null } : {}),
      human: { update: { email: f.email, title: f.title, department: f.department, managerId } },
    },
  });
  await appendLedger(tx, { actor: by, action: reactivate && action === "actor.updated" ? "actor.reactivated" : action, target: `actor:${id}`, details: { userName: f.email, active: f.active } });
  if (!f.active && current.status !== "OFFBOARDING") {
    // A leaver's NHIs and agents go to their successor at once, in the same transaction.
    await offboardPerson(tx, id, "Deactivated by the identity provider (SCIM active=false)", by);
  } else await recomputeRisk(tx, [id]);
  return tx.actor.findUniqueOrThrow({ where: { id }, select: userSelect });
}

export async function replaceUser(id: string, input: ScimUserInput, by: LedgerActor) {
  await getUser(id);
  return db.$transaction((tx) => saveUser(tx, id, input, by));
}

/** DELETE: the person is gone. The actor is kept (its history matters) but retired and flagged. */
export async function deleteUser(id: string, by: LedgerActor) {
  await getUser(id);
  await db.$transaction(async (tx) => {
    await offboardPerson(tx, id, "Deleted by the identity provider (SCIM DELETE)", by);
    await tx.actor.update({ where: { id }, data: { status: "RETIRED" } });
    await appendLedger(tx, { actor: by, action: "actor.deprovisioned", target: `actor:${id}`, details: { via: "scim" } });
  });
}

export { userSelect };
