import { Prisma } from "@/lib/generated/prisma/client";
import { USER_RESOURCE, type Attr } from "./attributes";
import type { Filter } from "./filter";
import { compileFilter, sortColumn, type ColumnRef, type Mapping, type MultiRef } from "./sql";
import { ENTERPRISE_SCHEMA } from "./schemas";
import { scimPool } from "./pool";
import { toUserRow, USER_COLUMNS, USER_FROM, type RawRow } from "./user-fast";
import type { UserRow } from "./users";

// GET /Users: filter, sort and page in SQL over Actor ⋈ HumanProfile ⟕ ScimUser, then load the
// page's rows. A person Triad knows from elsewhere (no ScimUser row) answers with their email.

const str = (sql: Prisma.Sql, caseExact = false): ColumnRef => ({ expr: sql, kind: "string", caseExact });
const raw = (s: string, caseExact = false) => str(Prisma.raw(s), caseExact);

const SCALAR: Record<string, ColumnRef> = {
  id: raw(`a.id::text`, true),
  externalId: raw(`s."externalId"`, true),
  userName: {
    ...raw(`coalesce(s."userName", h.email)`),
    // IdPs look every user up by `userName eq` before creating them: through the unique indexes
    // (ScimUser's lower-cased key; the email of a person Triad knows from elsewhere, as stored or
    // lower-cased), not a scan of every person.
    eq: (v) => Prisma.sql`a.id IN (SELECT "actorId" FROM "ScimUser" WHERE "userNameKey" = lower(${v})
      UNION ALL SELECT h2."actorId" FROM "HumanProfile" h2 WHERE h2.email = ANY(ARRAY[${v}, lower(${v})]::text[])
        AND NOT EXISTS (SELECT 1 FROM "ScimUser" s2 WHERE s2."actorId" = h2."actorId"))`,
  },
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

/**
 * One query on SCIM's pool for a page and its total (count(*) OVER); the total alone for count=0
 * or a page past the end. IdPs look every user up by filter before creating them, so this is half
 * of an import's traffic.
 */
export async function listUsers(q: ListQuery): Promise<{ total: number; rows: UserRow[] }> {
  const where = q.filter ? Prisma.sql`AND ${compileFilter(q.filter, userMapping)}` : Prisma.empty;
  const from = Prisma.sql`FROM ${Prisma.raw(USER_FROM)} WHERE a.kind = 'HUMAN' AND a.status <> 'RETIRED' ${where}`;
  const sort = sortColumn(userMapping, q.sortBy, primaryOf);
  const dir = Prisma.raw(q.descending ? "DESC" : "ASC");
  const order = sort
    ? Prisma.sql`ORDER BY ${sort.expr} ${dir} NULLS LAST, a.id`
    : Prisma.sql`ORDER BY a."createdAt", a.id`;
  const run = async <T extends object>(sql: Prisma.Sql) =>
    (await scimPool().query<T>(sql.text, sql.values)).rows;
  const countOnly = async () =>
    Number((await run<{ n: string }>(Prisma.sql`SELECT count(*) AS n ${from}`))[0]?.n ?? 0);
  if (q.count === 0) return { total: await countOnly(), rows: [] };
  const page = await run<RawRow & { total: string }>(
    Prisma.sql`SELECT ${Prisma.raw(USER_COLUMNS)}, count(*) OVER () AS total ${from} ${order} OFFSET ${q.startIndex - 1} LIMIT ${q.count}`,
  );
  const total = page.length ? Number(page[0].total) : q.startIndex > 1 ? await countOnly() : 0;
  return { total, rows: page.map(toUserRow) };
}
