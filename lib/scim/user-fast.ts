import type { PoolClient } from "pg";
import { pool } from "@/lib/db/pool";
import { appendLedgerRaw } from "@/lib/ledger/append-raw";
import type { LedgerActor } from "@/lib/ledger/append";
import { scoreRisk } from "@/lib/risk/score";
import { USER_RESOURCE } from "./attributes";
import type { Doc } from "./document";
import { ScimError } from "./errors";
import { applyPatch, assertRequired } from "./patch";
import { assertIfMatch } from "./render";
import {
  changedKeys,
  columns,
  SCIM_SOURCE,
  userDoc,
  userVersion,
  UUID,
  type Columns,
  type UserRow,
} from "./users";

// The provisioning hot path on a plain `pg` connection (as the decision API's group commit):
// creating an active person and changing a person's attributes, each one short transaction
// of a few statements with the ledger entry last. An IdP import is thousands of these; through
// Prisma each cost ~10 ms of CPU. Anything that changes whether the person is leaving (the
// leaver flow, reactivation) returns null, and the caller takes the Prisma path in users.ts.

const ROW_SQL = `SELECT a.id::text AS id, a."displayName", a."externalId", a."sourceSystem", a.status::text AS status, a."createdAt", a."updatedAt",
  h.email, h.department, h.title, h."managerId"::text AS "managerId", m."displayName" AS "managerName", to_jsonb(s) AS scim
  FROM "Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "ScimUser" s ON s."actorId" = a.id LEFT JOIN "Actor" m ON m.id = h."managerId"
  WHERE a.id = $1::uuid AND a.kind = 'HUMAN' AND a.status <> 'RETIRED'`;

type RawRow = {
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

function toUserRow(r: RawRow): UserRow {
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

/** INSERT … ON CONFLICT of the ScimUser row, parameters starting at $offset+1. */
function upsertScimSql(offset: number, actorParam: string): string {
  const cols = SCIM_COLS.map((k) => `"${k}"`).join(", ");
  const params = SCIM_COLS.map((k, i) =>
    k === "emails" || k === "phoneNumbers" || k === "addresses"
      ? `$${offset + i + 1}::jsonb`
      : `$${offset + i + 1}`,
  ).join(", ");
  const updates = SCIM_COLS.map((k) => `"${k}" = EXCLUDED."${k}"`).join(", ");
  return `INSERT INTO "ScimUser" ("actorId", ${cols}, "updatedAt") VALUES (${actorParam}, ${params}, now()) ON CONFLICT ("actorId") DO UPDATE SET ${updates}, "updatedAt" = now()`;
}

async function inTransaction<T>(work: (client: PoolClient) => Promise<T | null>): Promise<T | null> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const out = await work(client);
    await client.query(out === null ? "ROLLBACK" : "COMMIT");
    return out;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    if ((error as { code?: string }).code === "23505")
      throw new ScimError(409, "A user with that userName or email already exists.", "uniqueness");
    throw error;
  } finally {
    client.release();
  }
}

async function assertUniqueRaw(
  client: PoolClient,
  c: Columns,
  selfId: string | null,
): Promise<"clear" | "retired"> {
  const { rows } = await client.query<{ kind: string; status: string }>(
    `SELECT 'userName' AS kind, a.status::text AS status FROM "ScimUser" s JOIN "Actor" a ON a.id = s."actorId" WHERE s."userNameKey" = $1 AND s."actorId" IS DISTINCT FROM $3::uuid
     UNION ALL SELECT 'email', a.status::text FROM "HumanProfile" h JOIN "Actor" a ON a.id = h."actorId" WHERE h.email = ANY($2::text[]) AND h."actorId" IS DISTINCT FROM $3::uuid LIMIT 2`,
    [c.scim.userNameKey, [...new Set([c.email, c.scim.userName, c.scim.userNameKey])], selfId],
  );
  if (!rows.length) return "clear";
  if (!selfId && rows.every((r) => r.status === "RETIRED")) return "retired";
  if (rows.some((r) => r.kind === "userName"))
    throw new ScimError(409, `A user with userName "${c.scim.userName}" already exists.`, "uniqueness");
  throw new ScimError(409, `The email ${c.email} belongs to another person.`, "uniqueness");
}

async function managerName(
  client: PoolClient,
  managerId: string | null,
  selfId: string | null,
): Promise<string | null> {
  if (!managerId) return null;
  if (managerId === selfId) throw new ScimError(400, "A user cannot be their own manager.", "invalidValue");
  const { rows } = UUID.test(managerId)
    ? await client.query<{ displayName: string }>(
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

/** POST /Users for an active person with no retired namesake; null means "take the full path". */
export async function createUserFast(doc: Doc, by: LedgerActor): Promise<UserRow | null> {
  const c = columns(doc);
  if (!c.active) return null;
  return inTransaction(async (client) => {
    if ((await assertUniqueRaw(client, c, null)) === "retired") return null;
    const manager = await managerName(client, c.managerId, null);
    const risk = scoreRisk({
      kind: "HUMAN",
      status: "ACTIVE",
      flaggedAt: null,
      privilegedGrants: 0,
      human: { mfaEnrolled: false, employmentStatus: "EMPLOYEE" },
    }).score;
    const { rows } = await client.query<{ id: string; createdAt: Date; updatedAt: Date }>(
      `WITH a AS (INSERT INTO "Actor" (id, kind, "displayName", "externalId", "sourceSystem", status, "riskScore", "updatedAt")
         VALUES (gen_random_uuid(), 'HUMAN', $1, $2, $3, 'ACTIVE', $4, now()) RETURNING id, "createdAt", "updatedAt"),
       h AS (INSERT INTO "HumanProfile" ("actorId", email, department, title, "managerId") SELECT id, $5, $6, $7, $8::uuid FROM a)
       SELECT id::text AS id, "createdAt", "updatedAt" FROM a`,
      [
        c.displayName,
        c.externalId ?? c.scim.userName,
        SCIM_SOURCE,
        risk,
        c.email,
        c.department,
        c.title,
        c.managerId,
      ],
    );
    const id = rows[0].id;
    await client.query(upsertScimSql(1, "$1::uuid"), [id, ...scimValues(c)]);
    await appendLedgerRaw(client, [
      {
        actor: by,
        action: "actor.provisioned",
        target: `actor:${id}`,
        details: { userName: c.scim.userName, externalId: c.externalId, source: SCIM_SOURCE },
      },
    ]);
    const now = rows[0].updatedAt;
    return toUserRow({
      id,
      displayName: c.displayName,
      externalId: c.externalId ?? c.scim.userName,
      sourceSystem: SCIM_SOURCE,
      status: "ACTIVE",
      createdAt: rows[0].createdAt,
      updatedAt: now,
      email: c.email,
      department: c.department,
      title: c.title,
      managerId: c.managerId,
      managerName: manager,
      scim: { actorId: id, ...c.scim, createdAt: now.toISOString(), updatedAt: now.toISOString() },
    });
  });
}

/** PATCH /Users/{id} when it changes attributes only; null means "take the full path". */
export async function patchUserFast(
  id: string,
  body: unknown,
  by: LedgerActor,
  ifMatch: string | null,
): Promise<UserRow | null> {
  if (!UUID.test(id)) throw new ScimError(404, `User ${id.slice(0, 60)} not found.`);
  return inTransaction(async (client) => {
    const { rows } = await client.query<RawRow>(`${ROW_SQL} FOR UPDATE OF a`, [id]);
    if (!rows[0]) throw new ScimError(404, `User ${id} not found.`);
    const current = toUserRow(rows[0]);
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
      !current.scim
    )
      return null;
    if (c.scim.userNameKey !== was.scim.userNameKey || c.email !== rows[0].email)
      await assertUniqueRaw(client, c, id);
    const manager =
      c.managerId === rows[0].managerId ? rows[0].managerName : await managerName(client, c.managerId, id);
    const updated = await client.query<{ updatedAt: Date }>(
      `WITH a AS (UPDATE "Actor" SET "displayName" = $2, "externalId" = $3, "updatedAt" = now() WHERE id = $1::uuid RETURNING "updatedAt"),
       h AS (UPDATE "HumanProfile" SET email = $4, title = $5, department = $6, "managerId" = $7::uuid WHERE "actorId" = $1::uuid)
       SELECT "updatedAt" FROM a`,
      [id, c.displayName, c.externalId ?? c.scim.userName, c.email, c.title, c.department, c.managerId],
    );
    await client.query(upsertScimSql(1, "$1::uuid"), [id, ...scimValues(c)]);
    await appendLedgerRaw(client, [
      {
        actor: by,
        action: "actor.updated",
        target: `actor:${id}`,
        details: { userName: c.scim.userName, active: c.active, changed: changedKeys(before, after) },
      },
    ]);
    const now = updated.rows[0].updatedAt;
    return toUserRow({
      ...rows[0],
      displayName: c.displayName,
      externalId: c.externalId ?? c.scim.userName,
      updatedAt: now,
      email: c.email,
      department: c.department,
      title: c.title,
      managerId: c.managerId,
      managerName: manager,
      scim: { ...rows[0].scim!, ...c.scim, updatedAt: now.toISOString() },
    });
  });
}
