import { isUuid } from "@/lib/ids";
import type { DecisionFilter, FilterField, Term } from "./filter";

// The filter as parameterised SQL over "DecisionRecord" (alias d). The window is always the
// first condition, so every query prunes to the window's partitions and reads by time.

export type Sql = { where: string; values: unknown[] };

type Builder = (p: (v: unknown) => string, v: string) => string;

const like = (v: string) => `%${v.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const FIELD_SQL: Record<FilterField, Builder> = {
  kind: (p, v) => `d."subjectKind" = ${p(v)}`,
  // An actor id (the drawer's "as subject" link) is that subject only: with the name search
  // beside it in an OR, the (subjectId, at) index could not serve it and a month was walked.
  subject: (p, v) =>
    isUuid(v)
      ? `d."subjectId" = ${p(v)}`
      : `(d."subjectId" = ${p(v)} OR d."subjectRef" = ${p(v)} OR d."subjectName" ILIKE ${p(like(v))})`,
  obo: (p, v) => `d."onBehalfOfId" = ${p(v)}`,
  agent: (p, v) =>
    isUuid(v)
      ? `(d."subjectKind" = 'AGENT' AND d."subjectId" = ${p(v)})`
      : `(d."subjectKind" = 'AGENT' AND (d."subjectId" = ${p(v)} OR d."subjectName" ILIKE ${p(like(v))}))`,
  action: (p, v) => `d.action = ${p(v)}`,
  resourceType: (p, v) => `d."resourceType" = ${p(v.toLowerCase())}`,
  resource: (p, v) => {
    const i = v.indexOf(":");
    return i > 0
      ? `(d."resourceType" = ${p(v.slice(0, i).toLowerCase())} AND d."resourceId" = ${p(v.slice(i + 1))})`
      : `d."resourceId" = ${p(v)}`;
  },
  decision: (p, v) => `d.decision = ${p(v)}`,
  policy: (p, v) => `d.policies @> ARRAY[${p(v)}]::text[]`,
  version: (p, v) =>
    v.length < 64
      ? `d."policyVersion" LIKE ${p(`${v.toLowerCase().replace(/[^0-9a-f]/g, "")}%`)}`
      : `d."policyVersion" = ${p(v.toLowerCase())}`,
  client: (p, v) => `(d."clientName" = ${p(v)} OR d."clientId" = ${p(v)})`,
  reason: (p, v) => `d.reason ILIKE ${p(like(v))}`,
  trace: (p, v) => `d."traceId" = ${p(v.toLowerCase())}`,
};

function termSql(field: FilterField, t: Term, p: (v: unknown) => string): string[] {
  const out: string[] = [];
  const build = FIELD_SQL[field];
  if (t.include.length) out.push(`(${t.include.map((v) => build(p, v)).join(" OR ")})`);
  // "!x": none of the negated values; NULL columns count as "not x".
  for (const v of t.exclude) out.push(`(${build(p, v)}) IS NOT TRUE`);
  return out;
}

/** WHERE clause (without the keyword) and its values; `offset` numbers parameters after others. */
export function filterSql(filter: DecisionFilter, offset = 0): Sql {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${offset + values.length}`;
  };
  const parts = [`d.at >= ${p(filter.from)}`, `d.at < ${p(filter.to)}`];
  for (const [field, t] of Object.entries(filter.terms) as [FilterField, Term][])
    parts.push(...termSql(field, t, p));
  return { where: parts.join(" AND "), values };
}

/** The roll-up answers a filter only on the fields it keeps; the others need the raw rows. */
export const ROLLUP_FIELDS: Partial<Record<FilterField, string>> = {
  kind: `"subjectKind"`,
  action: "action",
  resourceType: `"resourceType"`,
  decision: "decision",
  client: `"clientName"`,
  policy: "policy",
};

/** WHERE over "DecisionHourly" (alias h) for the fields it keeps, and the fields it could not apply. */
export function rollupSql(filter: DecisionFilter, except?: FilterField): Sql & { ignored: FilterField[] } {
  const values: unknown[] = [];
  const p = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  // Whole hours: the hour containing `from` up to the hour containing `to`.
  const parts = [`h.hour >= date_trunc('hour', ${p(filter.from)}::timestamptz)`, `h.hour < ${p(filter.to)}`];
  const ignored: FilterField[] = [];
  for (const [field, t] of Object.entries(filter.terms) as [FilterField, Term][]) {
    if (field === except) continue;
    const col = ROLLUP_FIELDS[field];
    if (!col) {
      ignored.push(field);
      continue;
    }
    const norm = (v: string) => (field === "resourceType" ? v.toLowerCase() : v);
    if (t.include.length) parts.push(`h.${col} = ANY(${p(t.include.map(norm))}::text[])`);
    if (t.exclude.length) parts.push(`NOT (h.${col} = ANY(${p(t.exclude.map(norm))}::text[]))`);
  }
  return { where: parts.join(" AND "), values, ignored };
}
