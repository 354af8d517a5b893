import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { USER_RESOURCE, type Attr } from "./attributes";
import type { Filter } from "./filter";
import { compileFilter, sortColumn, type ColumnRef, type Mapping, type MultiRef } from "./sql";
import { ENTERPRISE_SCHEMA } from "./schemas";
import { userSelect, type UserRow } from "./users";

// GET /Users: filter, sort and page in SQL over Actor ⋈ HumanProfile ⟕ ScimUser, then load the
// page's rows. A person Triad knows from elsewhere (no ScimUser row) answers with their email.

const str = (sql: Prisma.Sql, caseExact = false): ColumnRef => ({ expr: sql, kind: "string", caseExact });
const raw = (s: string, caseExact = false) => str(Prisma.raw(s), caseExact);

const SCALAR: Record<string, ColumnRef> = {
  id: raw(`a.id::text`, true),
  externalId: raw(`s."externalId"`, true),
  userName: raw(`coalesce(s."userName", h.email)`),
  displayName: raw(`a."displayName"`),
  nickName: raw(`s."nickName"`),
  title: raw(`nullif(h.title, '')`),
  userType: raw(`s."userType"`),
  preferredLanguage: raw(`s."preferredLanguage"`),
  locale: raw(`s.locale`),
  timezone: raw(`s.timezone`),
  active: {
    expr: Prisma.raw(
      `(CASE WHEN s."actorId" IS NULL THEN a.status = 'ACTIVE' ELSE s.active AND a.status <> 'OFFBOARDING' END)`,
    ),
    kind: "boolean",
    caseExact: true,
  },
  "name.formatted": raw(`s."formattedName"`),
  "name.familyName": raw(`s."familyName"`),
  "name.givenName": raw(`s."givenName"`),
  "name.middleName": raw(`s."middleName"`),
  "name.honorificPrefix": raw(`s."honorificPrefix"`),
  "name.honorificSuffix": raw(`s."honorificSuffix"`),
  "meta.created": { expr: Prisma.raw(`a."createdAt"`), kind: "date", caseExact: true },
  "meta.lastModified": {
    expr: Prisma.raw(`greatest(a."updatedAt", s."updatedAt")`),
    kind: "date",
    caseExact: true,
  },
  [`${ENTERPRISE_SCHEMA}:employeeNumber`]: raw(`s."employeeNumber"`),
  [`${ENTERPRISE_SCHEMA}:costCenter`]: raw(`s."costCenter"`),
  [`${ENTERPRISE_SCHEMA}:organization`]: raw(`s.organization`),
  [`${ENTERPRISE_SCHEMA}:division`]: raw(`s.division`),
  [`${ENTERPRISE_SCHEMA}:department`]: raw(`nullif(h.department, '')`),
  [`${ENTERPRISE_SCHEMA}:manager`]: raw(`h."managerId"::text`, true),
  [`${ENTERPRISE_SCHEMA}:manager.value`]: raw(`h."managerId"::text`, true),
};

const JSON_LISTS: Record<string, string> = {
  emails: `coalesce(s.emails, jsonb_build_array(jsonb_build_object('value', h.email, 'type', 'work', 'primary', true)))`,
  phoneNumbers: `coalesce(s."phoneNumbers", '[]'::jsonb)`,
  addresses: `coalesce(s.addresses, '[]'::jsonb)`,
};

function multi(a: Attr): MultiRef | undefined {
  const list = JSON_LISTS[a.key];
  if (!list) return undefined;
  return {
    from: Prisma.raw(`jsonb_array_elements(${list}) el`),
    nonEmpty: Prisma.raw(`(jsonb_array_length(${list}) > 0)`),
    element: (sub) =>
      sub.type === "boolean"
        ? { expr: Prisma.raw(`(el->>'${sub.key}')::boolean`), kind: "boolean", caseExact: true }
        : sub.type === "string"
          ? raw(`(el->>'${sub.key}')`, sub.caseExact)
          : undefined,
  };
}

const userMapping: Mapping = {
  schema: USER_RESOURCE,
  scalar: (a, sub) => SCALAR[sub ? `${a.key}.${sub.name}` : a.key],
  multi,
};

const primaryOf = (a: Attr): ColumnRef | undefined => (a.key === "emails" ? raw(`h.email`) : undefined);

export type ListQuery = {
  filter: Filter | null;
  startIndex: number;
  count: number;
  sortBy: string | null;
  descending: boolean;
};

export async function listUsers(q: ListQuery): Promise<{ total: number; rows: UserRow[] }> {
  const where = q.filter ? Prisma.sql`AND ${compileFilter(q.filter, userMapping)}` : Prisma.empty;
  const from = Prisma.sql`FROM "Actor" a JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "ScimUser" s ON s."actorId" = a.id
    WHERE a.kind = 'HUMAN' AND a.status <> 'RETIRED' ${where}`;
  const sort = sortColumn(userMapping, q.sortBy, primaryOf);
  const dir = Prisma.raw(q.descending ? "DESC" : "ASC");
  const order = sort
    ? Prisma.sql`ORDER BY ${sort.expr} ${dir} NULLS LAST, a.id`
    : Prisma.sql`ORDER BY a."createdAt", a.id`;
  const [counted, page] = await Promise.all([
    db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${from}`,
    q.count === 0
      ? Promise.resolve([])
      : db.$queryRaw<
          { id: string }[]
        >`SELECT a.id::text AS id ${from} ${order} OFFSET ${q.startIndex - 1} LIMIT ${q.count}`,
  ]);
  const ids = page.map((p) => p.id);
  const rows = ids.length ? await db.actor.findMany({ where: { id: { in: ids } }, select: userSelect }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: Number(counted[0]?.n ?? 0),
    rows: ids.map((id) => byId.get(id)).filter((r): r is UserRow => !!r),
  };
}
