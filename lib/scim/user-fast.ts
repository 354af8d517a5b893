import { randomUUID } from "node:crypto";
import { scimPool } from "./pool";
import type { LedgerActor, LedgerEvent } from "@/lib/ledger/append";
import { OUTBOX_INSERT, outboxEvent, requestDrain } from "@/lib/ledger/outbox";
import { scoreRisk } from "@/lib/risk/score";
import { USER_RESOURCE } from "./attributes";
import type { Doc } from "./document";
import { ScimError } from "./errors";
import { applyPatch, assertRequired } from "./patch";
import { assertIfMatch } from "./render";
import { changedKeys, columns, SCIM_SOURCE, userDoc, userVersion, type Columns, type UserRow } from "./users";
import { isUuid } from "@/lib/ids";

// The provisioning hot path on the plain `pg` pool: creating an active person is ONE statement,
// changing a person's attributes is one read and ONE conditional write, each autocommitted, with
// the ledger entry queued in the same statement (lib/ledger/outbox.ts: durable with the change,
// chained by the process's drainer right after, so no request waits on the ledger's chain lock).
// A PATCH writes only if none of the person's three rows changed since it read them (xmin), so a
// concurrent writer is never overwritten: the PATCH reads again and re-applies. Anything that
// changes whether the person is leaving (the leaver flow, reactivation), and anything the single
// statement cannot decide (a retired namesake, an unknown manager) returns null, and the caller
// takes the Prisma path in users.ts, which also gives the precise error.

/** A person's columns as a UserRow reads them (lib/scim/user-list.ts pages with them too). */
export const USER_COLUMNS = `a.id::text AS id, a."displayName", a."externalId", a."sourceSystem", a.status::text AS status, a."createdAt", a."updatedAt",
  h.email, h.department, h.title, h."managerId"::text AS "managerId", m."displayName" AS "managerName", to_jsonb(s) AS scim`;
/** The joins USER_COLUMNS reads from. */
export const USER_FROM = `"Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "ScimUser" s ON s."actorId" = a.id LEFT JOIN "Actor" m ON m.id = h."managerId"`;

const ROW_SQL = `SELECT ${USER_COLUMNS}, a.xmin::text AS "xActor", h.xmin::text AS "xHuman", s.xmin::text AS "xScim"
  FROM ${USER_FROM} WHERE a.id = $1::uuid AND a.kind = 'HUMAN' AND a.status <> 'RETIRED'`;

export type RawRow = {
  id: string;
  displayName: string;
  externalId: string;
  sourceSystem: string;
  status: UserRow["status"];
  createdAt: Date;
  updatedAt: Date;
  email: string;
  department: string;
  title: string;
  managerId: string | null;
  managerName: string | null;
  scim:
    | (Omit<NonNullable<UserRow["scim"]>, "createdAt" | "updatedAt"> & {
        createdAt: string;
        updatedAt: string;
      })
    | null;
};
type VersionedRow = RawRow & { xActor: string; xHuman: string; xScim: string | null };

export function toUserRow(r: RawRow): UserRow {
  return {
    id: r.id,
    displayName: r.displayName,
    externalId: r.externalId,
    sourceSystem: r.sourceSystem,
    status: r.status,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    human: {
      email: r.email,
      department: r.department,
      title: r.title,
      managerId: r.managerId,
      manager: r.managerName === null ? null : { displayName: r.managerName },
    },
    scim: r.scim
      ? { ...r.scim, createdAt: new Date(r.scim.createdAt), updatedAt: new Date(r.scim.updatedAt) }
      : null,
  };
}

const SCIM_COLS = [
  "userName",
  "userNameKey",
  "externalId",
  "givenName",
  "familyName",
  "middleName",
  "formattedName",
  "honorificPrefix",
  "honorificSuffix",
  "nickName",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "active",
  "emails",
  "phoneNumbers",
  "addresses",
  "employeeNumber",
  "costCenter",
  "organization",
  "division",
] as const;

function scimValues(c: Columns): unknown[] {
  return SCIM_COLS.map((k) => {
    const v = c.scim[k];
    return Array.isArray(v) ? JSON.stringify(v) : v;
  });
}

const JSON_COLS = new Set<string>(["emails", "phoneNumbers", "addresses"]);
const cast = (k: string, param: string) => (JSON_COLS.has(k) ? `${param}::jsonb` : param);

const uniqueness = () =>
  new ScimError(409, "A user with that userName or email already exists.", "uniqueness");

/** One autocommitted statement; a unique violation (a concurrent namesake) is a 409. */
async function run<T extends object>(text: string, values: unknown[]): Promise<T[]> {
  try {
    return (await scimPool().query<T>(text, values)).rows;
  } catch (error) {
    if ((error as { code?: string }).code === "23505") throw uniqueness();
    throw error;
  }
}

/** Whether another person holds the userName or the email (a 409 unless the full path reprovisions). */
async function clashes(c: Columns, selfId: string): Promise<boolean> {
  const { rows } = await scimPool().query(
    `SELECT 1 FROM "ScimUser" s WHERE s."userNameKey" = $1 AND s."actorId" <> $3::uuid
     UNION ALL SELECT 1 FROM "HumanProfile" h WHERE h.email = ANY($2::text[]) AND h."actorId" <> $3::uuid LIMIT 1`,
    [c.scim.userNameKey, emailKeys(c), selfId],
  );
  return rows.length > 0;
}
const emailKeys = (c: Columns) => [...new Set([c.email, c.scim.userName, c.scim.userNameKey])];

async function managerName(managerId: string | null, selfId: string): Promise<string | null> {
  if (!managerId) return null;
  if (managerId === selfId) throw new ScimError(400, "A user cannot be their own manager.", "invalidValue");
  const { rows } = isUuid(managerId)
    ? await scimPool().query<{ displayName: string }>(
        `SELECT "displayName" FROM "Actor" WHERE id = $1::uuid AND kind = 'HUMAN'`,
        [managerId],
      )
    : { rows: [] };
  if (!rows[0])
    throw new ScimError(
      400,
      `manager ${managerId.slice(0, 60)} is not a known user (use the manager's SCIM id).`,
      "invalidValue",
    );
  return rows[0].displayName;
}

const NEW_RISK = scoreRisk({
  kind: "HUMAN",
  status: "ACTIVE",
  flaggedAt: null,
  privilegedGrants: 0,
  human: { mfaEnrolled: false, employmentStatus: "EMPLOYEE" },
}).score;

const SCIM_INSERT_COLS = SCIM_COLS.map((k) => `"${k}"`).join(", ");
// $1 id, $2..$9 Actor/HumanProfile, $10 userNameKey again, $11 emails to check, $12 the ledger
// event, $13.. the ScimUser columns. Nothing is inserted when the userName or an email is taken or
// the manager is unknown: the caller then takes the full path, which reprovisions or explains.
const CREATE_SQL = `WITH ok AS (
    SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM "ScimUser" WHERE "userNameKey" = $10)
      AND NOT EXISTS (SELECT 1 FROM "HumanProfile" WHERE email = ANY($11::text[]))
      AND ($9::uuid IS NULL OR EXISTS (SELECT 1 FROM "Actor" WHERE id = $9::uuid AND kind = 'HUMAN'))),
  a AS (INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "riskScore", "updatedAt")
    SELECT $1::uuid, 'HUMAN', $2, $3, $4, 'ACTIVE', $5, now() FROM ok RETURNING id, "createdAt", "updatedAt"),
  h AS (INSERT INTO "HumanProfile" ("actorId", email, department, title, "managerId") SELECT id, $6, $7, $8, $9::uuid FROM a),
  s AS (INSERT INTO "ScimUser" ("actorId", ${SCIM_INSERT_COLS}, "createdAt", "updatedAt")
    SELECT id, ${SCIM_COLS.map((k, i) => cast(k, `$${13 + i}`)).join(", ")}, "updatedAt", "updatedAt" FROM a),
  o AS (${OUTBOX_INSERT("$12", "a")})
  SELECT a."createdAt", a."updatedAt", (SELECT "displayName" FROM "Actor" WHERE id = $9::uuid) AS "managerName" FROM a`;

/** POST /Users for an active person with no namesake; null means "take the full path". */
export async function createUserFast(doc: Doc, by: LedgerActor): Promise<UserRow | null> {
  const c = columns(doc);
  if (!c.active || (c.managerId !== null && !isUuid(c.managerId))) return null;
  const id = randomUUID();
  const event: LedgerEvent = {
    actor: by,
    action: "actor.provisioned",
    target: `actor:${id}`,
    details: { userName: c.scim.userName, externalId: c.externalId, source: SCIM_SOURCE },
  };
  const rows = await run<{ createdAt: Date; updatedAt: Date; managerName: string | null }>(CREATE_SQL, [
    id,
    c.displayName,
    c.externalId ?? c.scim.userName,
    SCIM_SOURCE,
    NEW_RISK,
    c.email,
    c.department,
    c.title,
    c.managerId,
    c.scim.userNameKey,
    emailKeys(c),
    outboxEvent(event),
    ...scimValues(c),
  ]);
  if (!rows[0]) return null;
  requestDrain();
  const { createdAt, updatedAt } = rows[0];
  return toUserRow({
    id,
    displayName: c.displayName,
    externalId: c.externalId ?? c.scim.userName,
    sourceSystem: SCIM_SOURCE,
    status: "ACTIVE",
    createdAt,
    updatedAt,
    email: c.email,
    department: c.department,
    title: c.title,
    managerId: c.managerId,
    managerName: rows[0].managerName,
    scim: {
      actorId: id,
      ...c.scim,
      createdAt: updatedAt.toISOString(),
      updatedAt: updatedAt.toISOString(),
    },
  });
}

type PatchWrite = {
  id: string;
  xmin: [string, string, string];
  /** Actor columns, when they change. */
  actor: [displayName: string, externalId: string] | null;
  /** HumanProfile columns, when they change. */
  human: [email: string, title: string, department: string, managerId: string | null] | null;
  event: string;
  scim: unknown[];
};

/**
 * The PATCH's one statement. FOR UPDATE waits for a writer in flight and re-checks xmin on its
 * result. The Actor and HumanProfile rows are written only when their own columns change: Actor
 * has 14 indexes (two trigram GIN), and both announce every write on the change channel, whose
 * commit-time lock serialises committing transactions (so no shared WAL flush). Most IdP changes
 * touch only the person's SCIM row; meta.lastModified takes the later of Actor and ScimUser.
 */
function patchStatement(w: PatchWrite): { text: string; values: unknown[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => `$${values.push(v)}`;
  const ctes = [
    `l AS (SELECT a.id FROM "Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id JOIN "ScimUser" s ON s."actorId" = a.id
      WHERE a.id = ${p(w.id)}::uuid AND a.xmin = ${p(w.xmin[0])}::xid AND h.xmin = ${p(w.xmin[1])}::xid AND s.xmin = ${p(w.xmin[2])}::xid
      FOR UPDATE OF a, h, s)`,
  ];
  if (w.actor)
    ctes.push(
      `a AS (UPDATE "Actor" SET "displayName" = ${p(w.actor[0])}, "externalId" = ${p(w.actor[1])}, "updatedAt" = now() WHERE id = (SELECT id FROM l))`,
    );
  if (w.human)
    ctes.push(
      `h AS (UPDATE "HumanProfile" SET email = ${p(w.human[0])}, title = ${p(w.human[1])}, department = ${p(w.human[2])}, "managerId" = ${p(w.human[3])}::uuid WHERE "actorId" = (SELECT id FROM l))`,
    );
  ctes.push(
    `s AS (UPDATE "ScimUser" SET ${SCIM_COLS.map((k, i) => `"${k}" = ${cast(k, p(w.scim[i]))}`).join(", ")}, "updatedAt" = now() WHERE "actorId" = (SELECT id FROM l))`,
    `o AS (${OUTBOX_INSERT(p(w.event), "l")})`,
  );
  // Rounded as the stored columns are, so the answer shows what a GET will.
  return { text: `WITH ${ctes.join(",\n  ")} SELECT now()::timestamptz(3) AS "updatedAt" FROM l`, values };
}

// A PATCH that lost the race to another writer this many times takes the full (locking) path.
const OPTIMISTIC_TRIES = 3;

/** PATCH /Users/{id} when it changes attributes only; null means "take the full path". */
export async function patchUserFast(
  id: string,
  body: unknown,
  by: LedgerActor,
  ifMatch: string | null,
): Promise<UserRow | null> {
  if (!isUuid(id)) throw new ScimError(404, `User ${id.slice(0, 60)} not found.`);
  for (let attempt = 0; attempt < OPTIMISTIC_TRIES; attempt++) {
    const { rows } = await scimPool().query<VersionedRow>(ROW_SQL, [id]);
    const row = rows[0];
    if (!row) throw new ScimError(404, `User ${id} not found.`);
    const current = toUserRow(row);
    if (ifMatch) assertIfMatch(ifMatch, userVersion(current));
    const before = userDoc(current);
    const after = applyPatch(USER_RESOURCE, before, body);
    assertRequired(USER_RESOURCE, after);
    // An inactive person's no-op PATCH may still have to offboard them: the full path decides.
    if (JSON.stringify(after) === JSON.stringify(before)) return after.active === false ? null : current;
    const c = columns(after);
    const was = columns(before);
    // Leaving or coming back runs the leaver flow: the full path. So does a non-IdP person.
    if (
      c.active !== was.active ||
      current.status !== "ACTIVE" ||
      current.sourceSystem !== SCIM_SOURCE ||
      !row.scim ||
      !row.xScim
    )
      return null;
    if (c.scim.userNameKey !== was.scim.userNameKey || c.email !== row.email) {
      if (await clashes(c, id)) throw uniqueness();
    }
    const manager = c.managerId === row.managerId ? row.managerName : await managerName(c.managerId, id);
    const event: LedgerEvent = {
      actor: by,
      action: "actor.updated",
      target: `actor:${id}`,
      details: { userName: c.scim.userName, active: c.active, changed: changedKeys(before, after) },
    };
    const externalId = c.externalId ?? c.scim.userName;
    const actorChanged = c.displayName !== row.displayName || externalId !== row.externalId;
    const humanChanged =
      c.email !== row.email ||
      c.title !== row.title ||
      c.department !== row.department ||
      c.managerId !== row.managerId;
    const { text, values } = patchStatement({
      id,
      xmin: [row.xActor, row.xHuman, row.xScim],
      actor: actorChanged ? [c.displayName, externalId] : null,
      human: humanChanged ? [c.email, c.title, c.department, c.managerId] : null,
      event: outboxEvent(event),
      scim: scimValues(c),
    });
    const updated = await run<{ updatedAt: Date }>(text, values);
    if (!updated[0]) continue;
    requestDrain();
    const now = updated[0].updatedAt;
    return toUserRow({
      ...row,
      displayName: c.displayName,
      externalId: c.externalId ?? c.scim.userName,
      updatedAt: actorChanged ? now : row.updatedAt,
      email: c.email,
      department: c.department,
      title: c.title,
      managerId: c.managerId,
      managerName: manager,
      scim: { ...row.scim, ...c.scim, updatedAt: now.toISOString() },
    });
  }
  return null;
}
