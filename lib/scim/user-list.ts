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
 * A page and its total on SCIM's pool. The page's ids are sorted and skipped on their own (the
 * offset walks ids, not the rows' joined columns), then its rows are read; the total is counted
 * only when the page does not tell it (a full page, or one past the end). IdPs look every user up
 * by filter before creating them (half of an import's traffic: at most one row, no count), and
 * page through every user on a full sync. At 152,000 people a page of 100 took 536-639 ms (at
 * the 1,001st page 643-834 ms) with a window count over all of them; now 82-103 ms, most of it
 * the count (245-276 ms at the 1,001st page).
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
  const page = await run<RawRow>(
    Prisma.sql`SELECT ${Prisma.raw(USER_COLUMNS)}
      FROM unnest(ARRAY(SELECT a.id ${from} ${order} OFFSET ${q.startIndex - 1} LIMIT ${q.count})) WITH ORDINALITY AS p(id, n)
      JOIN (${Prisma.raw(USER_FROM)}) ON a.id = p.id
      ORDER BY p.n`,
  );
  const lastPage = page.length < q.count && (page.length > 0 || q.startIndex === 1);
  const shown = q.startIndex - 1 + page.length;
  // Counted after the page: people removed in between must not make a full page's total smaller
  // than the page itself shows.
  const total = lastPage ? shown : Math.max(page.length ? shown : 0, await countOnly());
  return { total, rows: page.map(toUserRow) };
}
