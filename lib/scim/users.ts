import { announceChange } from "@/lib/changes/channel";
import { db, type Tx } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { flagLeaver } from "@/lib/inventory/leaver";
import type { LedgerActor } from "@/lib/ledger/append";
import { queueLedger, requestDrain } from "@/lib/ledger/outbox";
import { offboardPerson } from "@/lib/ownership/succession";
import { recomputeRisk } from "@/lib/risk/recompute";
import { USER_RESOURCE } from "./attributes";
import type { Complex, Doc } from "./document";
import { ScimError } from "./errors";
import { applyPatch, assertRequired, documentFromBody } from "./patch";
import { render, versionOf, assertIfMatch, type Json } from "./render";
import { ENTERPRISE_SCHEMA } from "./schemas";
import { isUuid } from "@/lib/ids";

// SCIM Users are the human actors. What the IdP sends is kept as sent: userName apart from the
// emails (ScimUser), displayName/title/department/manager on Actor/HumanProfile, the primary
// email also as HumanProfile.email (the person's address everywhere else in Triad).
export const SCIM_SOURCE = "scim";
const E = (name: string) => `${ENTERPRISE_SCHEMA}:${name}`;

export const userSelect = {
  id: true,
  displayName: true,
  externalId: true,
  sourceSystem: true,
  status: true,
  createdAt: true,
  updatedAt: true,
  human: {
    select: {
      email: true,
      department: true,
      title: true,
      managerId: true,
      manager: { select: { displayName: true } },
    },
  },
  scim: true,
} as const satisfies Prisma.ActorSelect;
export type UserRow = Prisma.ActorGetPayload<{ select: typeof userSelect }>;

const put = (doc: Doc, key: string, v: string | boolean | null | undefined | Complex | Complex[]) => {
  if (v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length)) doc[key] = v;
};
const compact = (o: Record<string, string | null | undefined>): Complex | undefined => {
  const out: Complex = {};
  for (const [k, v] of Object.entries(o)) if (v) out[k] = v;
  return Object.keys(out).length ? out : undefined;
};

/** The stored person as a SCIM document. A person Triad knows from elsewhere shows their email as userName. */
export function userDoc(a: UserRow): Doc {
  const doc: Doc = {};
  const s = a.scim;
  const h = a.human;
  put(doc, "userName", s?.userName ?? h?.email ?? a.externalId);
  put(doc, "externalId", s?.externalId);
  put(
    doc,
    "name",
    compact({
      formatted: s?.formattedName,
      familyName: s?.familyName,
      givenName: s?.givenName,
      middleName: s?.middleName,
      honorificPrefix: s?.honorificPrefix,
      honorificSuffix: s?.honorificSuffix,
    }),
  );
  put(doc, "displayName", a.displayName);
  put(doc, "nickName", s?.nickName);
  put(doc, "title", h?.title);
  put(doc, "userType", s?.userType);
  put(doc, "preferredLanguage", s?.preferredLanguage);
  put(doc, "locale", s?.locale);
  put(doc, "timezone", s?.timezone);
  // The IdP's word, unless Triad has the person leaving (a Triad-side suspension is not the IdP's).
  doc.active = s ? s.active && a.status !== "OFFBOARDING" : a.status === "ACTIVE";
  put(
    doc,
    "emails",
    s ? (s.emails as Complex[]) : h ? [{ value: h.email, type: "work", primary: true }] : undefined,
  );
  put(doc, "phoneNumbers", s?.phoneNumbers as Complex[] | undefined);
  put(doc, "addresses", s?.addresses as Complex[] | undefined);
  put(doc, E("employeeNumber"), s?.employeeNumber);
  put(doc, E("costCenter"), s?.costCenter);
  put(doc, E("organization"), s?.organization);
  put(doc, E("division"), s?.division);
  put(doc, E("department"), h?.department);
  if (h?.managerId) doc[E("manager")] = { value: h.managerId };
  return doc;
}

export function userVersion(a: UserRow): string {
  return versionOf(a.id, userDoc(a));
}

export function toScimUser(a: UserRow, baseUrl: string): Json {
  const doc = userDoc(a);
  const manager = a.human?.managerId
    ? {
        [E("manager")]: {
          value: a.human.managerId,
          $ref: `${baseUrl}/Users/${a.human.managerId}`,
          ...(a.human.manager ? { displayName: a.human.manager.displayName } : {}),
        },
      }
    : {};
  return render(
    USER_RESOURCE,
    a.id,
    doc,
    {
      resourceType: "User",
      created: a.createdAt,
      // The IdP's attribute changes may touch only the person's SCIM row (lib/scim/user-fast.ts).
      lastModified: a.scim && a.scim.updatedAt > a.updatedAt ? a.scim.updatedAt : a.updatedAt,
      location: `${baseUrl}/Users/${a.id}`,
      version: versionOf(a.id, doc),
    },
    manager,
  );
}

export function userFromBody(body: unknown): Doc {
  const doc = documentFromBody(USER_RESOURCE, body);
  assertRequired(USER_RESOURCE, doc);
  return doc;
}

export async function getUser(id: string, client: Tx | typeof db = db): Promise<UserRow> {
  const a = isUuid(id)
    ? await client.actor.findFirst({
        where: { id, kind: "HUMAN", status: { not: "RETIRED" } },
        select: userSelect,
      })
    : null;
  if (!a) throw new ScimError(404, `User ${id.slice(0, 60)} not found.`);
  return a;
}

const str = (doc: Doc, key: string) => (typeof doc[key] === "string" ? (doc[key] as string) : null);
const list = (doc: Doc, key: string) => (Array.isArray(doc[key]) ? (doc[key] as Complex[]) : []);

/** Where a document goes: columns of Actor, HumanProfile and ScimUser. */
export function columns(doc: Doc) {
  const name = (doc.name ?? {}) as Complex;
  const s = (k: string) => (typeof name[k] === "string" ? (name[k] as string) : null);
  const userName = str(doc, "userName")!;
  const emails = list(doc, "emails");
  const primaryEmail = (emails.find((e) => e.primary === true) ?? emails[0])?.value as string | undefined;
  const formatted = s("formatted") ?? ([s("givenName"), s("familyName")].filter(Boolean).join(" ") || null);
  const manager = doc[E("manager")] as Complex | undefined;
  return {
    displayName: (str(doc, "displayName") ?? formatted ?? userName).slice(0, 200),
    externalId: str(doc, "externalId"),
    email: primaryEmail ?? userName,
    title: str(doc, "title") ?? "",
    department: str(doc, E("department")) ?? "",
    managerId: typeof manager?.value === "string" ? manager.value : null,
    active: doc.active !== false,
    scim: {
      userName,
      userNameKey: userName.toLowerCase(),
      externalId: str(doc, "externalId"),
      givenName: s("givenName"),
      familyName: s("familyName"),
      middleName: s("middleName"),
      formattedName: s("formatted"),
      honorificPrefix: s("honorificPrefix"),
      honorificSuffix: s("honorificSuffix"),
      nickName: str(doc, "nickName"),
      userType: str(doc, "userType"),
      preferredLanguage: str(doc, "preferredLanguage"),
      locale: str(doc, "locale"),
      timezone: str(doc, "timezone"),
      active: doc.active !== false,
      emails,
      phoneNumbers: list(doc, "phoneNumbers"),
      addresses: list(doc, "addresses"),
      employeeNumber: str(doc, E("employeeNumber")),
      costCenter: str(doc, E("costCenter")),
      organization: str(doc, E("organization")),
      division: str(doc, E("division")),
    },
  };
}
export type Columns = ReturnType<typeof columns>;

/** userName and email are unique (userName case-insensitively); a clash is a 409 uniqueness. */
async function assertUnique(
  tx: Tx,
  c: Columns,
  selfId: string | null,
): Promise<{ retiredId: string | null }> {
  const other = { not: selfId ?? "00000000-0000-0000-0000-000000000000" };
  const byUserName = await tx.scimUser.findFirst({
    where: { userNameKey: c.scim.userNameKey, actorId: other },
    select: { actorId: true, actor: { select: { status: true } } },
  });
  const byEmail = await tx.humanProfile.findFirst({
    where: { email: { in: [...new Set([c.email, c.scim.userName, c.scim.userNameKey])] }, actorId: other },
    select: { actorId: true, email: true, actor: { select: { status: true } } },
  });
  const clash = byUserName ?? byEmail;
  if (!clash) return { retiredId: null };
  // A deleted (retired) person coming back on create: the same actor is reprovisioned.
  if (
    !selfId &&
    clash.actor.status === "RETIRED" &&
    (!byUserName || !byEmail || byUserName.actorId === byEmail.actorId)
  )
    return { retiredId: clash.actorId };
  if (byUserName)
    throw new ScimError(409, `A user with userName "${c.scim.userName}" already exists.`, "uniqueness");
  throw new ScimError(409, `The email ${byEmail!.email} belongs to another person.`, "uniqueness");
}

async function assertManager(tx: Tx, managerId: string | null, selfId: string | null): Promise<void> {
  if (!managerId) return;
  if (managerId === selfId) throw new ScimError(400, "A user cannot be their own manager.", "invalidValue");
  const found = isUuid(managerId)
    ? await tx.actor.findFirst({ where: { id: managerId, kind: "HUMAN" }, select: { id: true } })
    : null;
  if (!found)
    throw new ScimError(
      400,
      `manager ${managerId.slice(0, 60)} is not a known user (use the manager's SCIM id).`,
      "invalidValue",
    );
}

/** One UPDATE of the person's rows; returns the stored person. */
async function write(
  tx: Tx,
  id: string,
  c: Columns,
  keepProvenance: boolean,
  reactivate: boolean,
): Promise<UserRow> {
  return tx.actor.update({
    where: { id },
    data: {
      displayName: c.displayName,
      ...(keepProvenance ? {} : { externalId: c.externalId ?? c.scim.userName }),
      ...(reactivate ? { status: "ACTIVE", flaggedAt: null, flaggedReason: null } : {}),
      human: { update: { email: c.email, title: c.title, department: c.department, managerId: c.managerId } },
      scim: { upsert: { create: c.scim, update: c.scim } },
    },
    select: userSelect,
  });
}

/**
 * Every SCIM change queues its ledger entries in the outbox (the fast path in user-fast.ts and
 * groups.ts does too), so one person's entries reach the chain in the order they were made and
 * no SCIM transaction ever holds the chain lock. The drain is asked for once the change commits.
 */
async function drained<T>(change: Promise<T>): Promise<T> {
  const out = await change;
  requestDrain();
  return out;
}

export async function createUser(doc: Doc, by: LedgerActor): Promise<UserRow> {
  return drained(createUserTx(doc, by));
}

async function createUserTx(doc: Doc, by: LedgerActor): Promise<UserRow> {
  const c = columns(doc);
  return db.$transaction(async (tx) => {
    const { retiredId } = await assertUnique(tx, c, null);
    await assertManager(tx, c.managerId, retiredId);
    if (retiredId) return saveUser(tx, retiredId, doc, by, "actor.reprovisioned");
    const row = await tx.actor.create({
      data: {
        kind: "HUMAN",
        displayName: c.displayName,
        externalId: c.externalId ?? c.scim.userName,
        sourceSystem: SCIM_SOURCE,
        status: c.active ? "ACTIVE" : "OFFBOARDING",
        human: {
          create: { email: c.email, department: c.department, title: c.title, managerId: c.managerId },
        },
        scim: { create: c.scim },
      },
      select: userSelect,
    });
    const event = {
      actor: by,
      action: "actor.provisioned" as const,
      target: `actor:${row.id}`,
      details: { userName: c.scim.userName, externalId: c.externalId, source: SCIM_SOURCE },
    };
    if (!c.active) {
      await queueLedger(tx, event);
      await flagLeaver(tx, row.id, "Provisioned inactive by the identity provider", by, "outbox");
      return tx.actor.findUniqueOrThrow({ where: { id: row.id }, select: userSelect });
    }
    await recomputeRisk(tx, [row.id]);
    await queueLedger(tx, event);
    return row;
  });
}

/** Which attributes changed, for the ledger entry (names only: values may be personal data). */
export function changedKeys(before: Doc, after: Doc): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => k.replace(`${ENTERPRISE_SCHEMA}:`, "enterprise:"));
}

async function saveUser(
  tx: Tx,
  id: string,
  doc: Doc,
  by: LedgerActor,
  action: "actor.updated" | "actor.reprovisioned" = "actor.updated",
  before?: UserRow,
): Promise<UserRow> {
  const current = before ?? (await tx.actor.findUniqueOrThrow({ where: { id }, select: userSelect }));
  const was = columns(userDoc(current));
  const c = columns(doc);
  // Uniqueness and the manager are checked only when they change (most PATCHes touch neither).
  if (!current.scim || c.scim.userNameKey !== was.scim.userNameKey || c.email !== current.human?.email) {
    await assertUnique(tx, c, id);
  }
  if (c.managerId !== (current.human?.managerId ?? null)) await assertManager(tx, c.managerId, id);
  const reactivate = c.active && (current.status === "OFFBOARDING" || current.status === "RETIRED");
  // Only SCIM-sourced actors take the IdP's externalId as provenance; others keep theirs.
  let row = await write(tx, id, c, current.sourceSystem !== SCIM_SOURCE, reactivate);
  const event = {
    actor: by,
    action: reactivate && action === "actor.updated" ? ("actor.reactivated" as const) : action,
    target: `actor:${id}`,
    details: { userName: c.scim.userName, active: c.active, changed: changedKeys(userDoc(current), doc) },
  };
  if (!c.active && (current.scim?.active !== false || (await hasAccessLeft(tx, id)))) {
    // The update's entry comes before the leaver flow's own. A leaver's NHIs and agents go to
    // their successor at once, in the same transaction.
    await queueLedger(tx, event);
    await offboardPerson(tx, id, "Deactivated by the identity provider (SCIM active=false)", by, "outbox");
    return tx.actor.findUniqueOrThrow({ where: { id }, select: userSelect });
  }
  // SCIM attributes do not feed the risk score; a change of status does.
  if (reactivate) {
    await recomputeRisk(tx, [id]);
    await announceChange(tx, "actor", id);
    row = await tx.actor.findUniqueOrThrow({ where: { id }, select: userSelect });
  }
  await queueLedger(tx, event);
  return row;
}

/** Locks the person's row for the rest of the transaction and checks If-Match against it. */
async function lockUser(tx: Tx, id: string, ifMatch: string | null): Promise<UserRow> {
  if (!isUuid(id)) throw new ScimError(404, `User ${id.slice(0, 60)} not found.`);
  // NO KEY UPDATE: enough to serialise writers of this person, and it does not block the KEY
  // SHARE lock a foreign-key check takes (an offboarding under the admin guard naming this
  // person as a successor would otherwise deadlock with this transaction waiting for the guard).
  await tx.$queryRaw`SELECT id FROM "Actor" WHERE id = ${id}::uuid FOR NO KEY UPDATE`;
  const current = await getUser(id, tx);
  assertIfMatch(ifMatch, userVersion(current));
  return current;
}

export async function replaceUser(
  id: string,
  doc: Doc,
  by: LedgerActor,
  ifMatch: string | null = null,
): Promise<UserRow> {
  return drained(
    db.$transaction(async (tx) => {
      const current = await lockUser(tx, id, ifMatch);
      return saveUser(tx, id, doc, by, "actor.updated", current);
    }),
  );
}

export async function patchUser(
  id: string,
  body: unknown,
  by: LedgerActor,
  ifMatch: string | null = null,
): Promise<UserRow> {
  return drained(patchUserTx(id, body, by, ifMatch));
}

function patchUserTx(id: string, body: unknown, by: LedgerActor, ifMatch: string | null): Promise<UserRow> {
  return db.$transaction(async (tx) => {
    const current = await lockUser(tx, id, ifMatch);
    const before = userDoc(current);
    const after = applyPatch(USER_RESOURCE, before, body);
    assertRequired(USER_RESOURCE, after);
    if (JSON.stringify(after) === JSON.stringify(before)) {
      // Already inactive here (e.g. marked OFFBOARDING by an import) but not yet offboarded:
      // the IdP's active:false still ends the grants and the console account.
      if (after.active === false && (await hasAccessLeft(tx, id))) {
        await offboardPerson(
          tx,
          id,
          "Deactivated by the identity provider (SCIM active=false)",
          by,
          "outbox",
        );
      }
      return current;
    }
    return saveUser(tx, id, after, by, "actor.updated", current);
  });
}

/** Whether a leaver still holds anything offboarding ends: an active grant or a usable console account. */
async function hasAccessLeft(tx: Tx, id: string): Promise<boolean> {
  const [grant, user] = await Promise.all([
    tx.grant.findFirst({ where: { actorId: id, status: "ACTIVE" }, select: { id: true } }),
    tx.user.findFirst({ where: { actorId: id, disabledAt: null }, select: { id: true } }),
  ]);
  return Boolean(grant || user);
}

/** DELETE: the person is gone. The actor is kept (its history matters) but retired and flagged. */
export async function deleteUser(id: string, by: LedgerActor, ifMatch: string | null = null): Promise<void> {
  await drained(deleteUserTx(id, by, ifMatch));
}

async function deleteUserTx(id: string, by: LedgerActor, ifMatch: string | null): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockUser(tx, id, ifMatch);
    await offboardPerson(tx, id, "Deleted by the identity provider (SCIM DELETE)", by, "outbox");
    await tx.actor.update({ where: { id }, data: { status: "RETIRED" } });
    await queueLedger(tx, {
      actor: by,
      action: "actor.deprovisioned",
      target: `actor:${id}`,
      details: { via: "scim" },
    });
    await announceChange(tx, "actor", id);
  });
}
