import { isStorableDate } from "@/lib/db/storable";
import { Prisma } from "@/lib/generated/prisma/client";
import { findSub, resolveAttrPath, type Attr, type ResourceSchema } from "./attributes";
import { ScimError } from "./errors";
import type { Filter, Literal } from "./filter";

// Compiles a parsed SCIM filter to a parameterised SQL condition. Column expressions come only
// from the resource's mapping (constants in users/groups); caller values are always parameters.

export type ColumnRef = {
  expr: Prisma.Sql;
  kind: "string" | "boolean" | "date";
  caseExact: boolean;
  /** An index-friendly condition for `eq` (the generic one is an expression no index serves). */
  eq?: (value: string) => Prisma.Sql;
};
export type MultiRef = {
  from: Prisma.Sql;
  element: (sub: Attr) => ColumnRef | undefined;
  nonEmpty: Prisma.Sql;
};
export type Mapping = {
  schema: ResourceSchema;
  scalar: (a: Attr, sub?: Attr) => ColumnRef | undefined;
  multi: (a: Attr) => MultiRef | undefined;
};

const bad = (message: string): never => {
  throw new ScimError(400, message, "invalidFilter");
};

function compare(col: ColumnRef, op: string, value: Literal, name: string): Prisma.Sql {
  if (op === "pr")
    return col.kind === "string"
      ? Prisma.sql`(${col.expr} IS NOT NULL AND ${col.expr} <> '')`
      : Prisma.sql`(${col.expr} IS NOT NULL)`;
  if (value === null) {
    if (op === "eq") return Prisma.sql`(${col.expr} IS NULL)`;
    if (op === "ne") return Prisma.sql`(${col.expr} IS NOT NULL)`;
    return bad(`${op} null is not a comparison (${name}).`);
  }
  if (col.kind === "boolean") {
    const b =
      typeof value === "boolean"
        ? value
        : typeof value === "string" && /^(true|false)$/i.test(value)
          ? value.toLowerCase() === "true"
          : bad(`${name} is a boolean: compare it with true or false.`);
    if (op === "eq") return Prisma.sql`(${col.expr} = ${b})`;
    if (op === "ne") return Prisma.sql`(${col.expr} IS DISTINCT FROM ${b})`;
    return bad(`${op} does not apply to the boolean ${name}.`);
  }
  if (col.kind === "date") {
    const d =
      typeof value === "string"
        ? new Date(value)
        : bad(`${name} is a date: compare it with a quoted ISO 8601 time.`);
    // A time PostgreSQL cannot take is refused as not a time, rather than failing the query.
    if (!isStorableDate(d)) bad(`"${String(value).slice(0, 40)}" is not an ISO 8601 time.`);
    const sqlOp = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" }[op];
    if (!sqlOp) return bad(`${op} does not apply to the date ${name}.`);
    return Prisma.sql`(${col.expr} ${Prisma.raw(sqlOp)} ${d})`;
  }
  if (typeof value !== "string") {
    if (typeof value === "boolean") return bad(`${name} is a string: compare it with a quoted value.`);
  }
  const v = String(value);
  if (op === "eq" && col.eq) return col.eq(v);
  const lhs = col.caseExact ? col.expr : Prisma.sql`lower(${col.expr})`;
  const rhs = col.caseExact ? Prisma.sql`${v}` : Prisma.sql`lower(${v})`;
  switch (op) {
    case "eq":
      return Prisma.sql`(${lhs} = ${rhs})`;
    case "ne":
      return Prisma.sql`(${lhs} IS DISTINCT FROM ${rhs})`;
    case "co":
      return Prisma.sql`(strpos(${lhs}, ${rhs}) > 0)`;
    case "sw":
      return Prisma.sql`starts_with(${lhs}, ${rhs})`;
    case "ew":
      return Prisma.sql`(right(${lhs}, char_length(${v})) = ${rhs})`;
    default: {
      const sqlOp = { gt: ">", ge: ">=", lt: "<", le: "<=" }[op]!;
      return Prisma.sql`(${lhs} COLLATE "C" ${Prisma.raw(sqlOp)} ${rhs} COLLATE "C")`;
    }
  }
}

function elementCondition(f: Filter, a: Attr, m: MultiRef): Prisma.Sql {
  switch (f.kind) {
    case "and":
    case "or":
      return Prisma.sql`(${elementCondition(f.left, a, m)} ${Prisma.raw(f.kind.toUpperCase())} ${elementCondition(f.right, a, m)})`;
    case "not":
      return Prisma.sql`(NOT ${elementCondition(f.expr, a, m)})`;
    case "valuePath":
      return bad("A value filter cannot nest another value filter.");
    default: {
      const sub = findSub(a, f.path) ?? bad(`${a.name} has no sub-attribute "${f.path.slice(0, 60)}".`);
      const col = m.element(sub) ?? bad(`Filtering on ${a.name}.${sub.name} is not supported.`);
      return compare(
        col,
        f.kind === "pr" ? "pr" : f.op,
        f.kind === "pr" ? null : f.value,
        `${a.name}.${sub.name}`,
      );
    }
  }
}

export function compileFilter(f: Filter, map: Mapping): Prisma.Sql {
  switch (f.kind) {
    case "and":
    case "or":
      return Prisma.sql`(${compileFilter(f.left, map)} ${Prisma.raw(f.kind.toUpperCase())} ${compileFilter(f.right, map)})`;
    case "not":
      return Prisma.sql`(NOT ${compileFilter(f.expr, map)})`;
    case "valuePath": {
      const { attr, sub } = resolveAttrPath(map.schema, f.path, "invalidFilter");
      const m = attr.multiValued && !sub ? map.multi(attr) : undefined;
      if (!m) return bad(`${f.path.slice(0, 60)} is not a multi-valued attribute.`);
      return Prisma.sql`EXISTS (SELECT 1 FROM ${m.from} WHERE ${elementCondition(f.filter, attr, m)})`;
    }
    default: {
      const { attr, sub } = resolveAttrPath(map.schema, f.path, "invalidFilter");
      const op = f.kind === "pr" ? "pr" : f.op;
      const value = f.kind === "pr" ? null : f.value;
      if (attr.multiValued) {
        const m = map.multi(attr) ?? bad(`Filtering on ${attr.name} is not supported.`);
        if (!sub && op === "pr") return m.nonEmpty;
        // `emails co "x"` compares the value sub-attribute (RFC 7644 §3.4.2.2).
        const s = sub ?? findSub(attr, "value") ?? bad(`Name a sub-attribute of ${attr.name}.`);
        const col = m.element(s) ?? bad(`Filtering on ${attr.name}.${s.name} is not supported.`);
        return Prisma.sql`EXISTS (SELECT 1 FROM ${m.from} WHERE ${compare(col, op, value, `${attr.name}.${s.name}`)})`;
      }
      const col = map.scalar(attr, sub) ?? bad(`Filtering on ${f.path.slice(0, 60)} is not supported.`);
      return compare(col, op, value, f.path);
    }
  }
}

/** ORDER BY for sortBy (RFC 7644 §3.4.2.3): a simple attribute, or a multi-valued one's primary value. */
export function sortColumn(
  map: Mapping,
  sortBy: string | null,
  primary: (a: Attr) => ColumnRef | undefined,
): ColumnRef | undefined {
  if (!sortBy) return undefined;
  const { attr, sub } = resolveAttrPath(map.schema, sortBy, "invalidPath");
  const col = attr.multiValued ? primary(attr) : map.scalar(attr, sub);
  if (!col) throw new ScimError(400, `Sorting by ${sortBy.slice(0, 60)} is not supported.`, "invalidValue");
  return col;
}
