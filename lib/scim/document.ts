import { findSub, type Attr } from "./attributes";
import { ScimError } from "./errors";
import type { Filter, Literal } from "./filter";

// A resource document: what Triad holds for one User or Group, keyed only by attribute keys
// from lib/scim/attributes.ts (never by a caller's string). Values are checked and converted on
// the way in: Entra's "True"/"False" become booleans, empty strings mean "no value".

type Simple = string | boolean;
export type Complex = Record<string, Simple>;
type Value = Simple | Complex | Complex[];
export type Doc = Record<string, Value>;

const invalid = (message: string): never => {
  throw new ScimError(400, message, "invalidValue");
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A simple (non-complex) value, or null for "no value". */
export function coerceSimple(a: Attr, v: unknown, where = a.name): Simple | null {
  if (v === null || v === undefined) return null;
  if (a.type === "boolean") {
    if (typeof v === "boolean") return v;
    if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
    return invalid(`${where} must be true or false.`);
  }
  if (typeof v !== "string") return invalid(`${where} must be a string.`);
  if (!v.isWellFormed() || v.includes("\u0000"))
    return invalid(`${where} holds characters that cannot be stored.`);
  const s = v.trim();
  if (s.length > a.maxLength) return invalid(`${where} is longer than ${a.maxLength} characters.`);
  return s === "" ? null : s;
}

/** A complex value: known sub-attributes only (unknown ones are an error, read-only ones ignored). */
export function coerceComplex(a: Attr, v: unknown, where = a.name): Complex | null {
  if (v === null || v === undefined) return null;
  // Entra sends the manager as its bare id: a string stands for {value: string}.
  if (typeof v === "string" && findSub(a, "value") && !a.multiValued)
    return coerceComplex(a, { value: v }, where);
  if (!isObject(v)) return invalid(`${where} must be an object.`);
  const out: Complex = {};
  for (const [k, raw] of Object.entries(v)) {
    const s = findSub(a, k);
    if (!s) throw new ScimError(400, `${where} has no sub-attribute "${k.slice(0, 60)}".`, "invalidPath");
    if (s.mutability === "readOnly") continue;
    const c = coerceSimple(s, raw, `${where}.${s.name}`);
    if (c !== null) out[s.key] = c;
  }
  return Object.keys(out).length ? out : null;
}

/** The value of a top-level attribute (multi-valued: a list; one object is taken as a list of one). */
export function coerceValue(a: Attr, v: unknown): Value | null {
  if (a.multiValued) {
    if (v === null || v === undefined) return null;
    const list = Array.isArray(v) ? v : [v];
    if (list.length > 100_000) return invalid(`${a.name} has too many values.`);
    const items = list.map((item, i) => coerceComplex(a, item, `${a.name}[${i}]`));
    if (findSub(a, "value"))
      items.forEach((item, i) => item?.value === undefined && invalid(`${a.name}[${i}].value is required.`));
    const out = items.filter((x): x is Complex => x !== null);
    return out.length ? out : null;
  }
  return a.type === "complex" ? coerceComplex(a, v) : coerceSimple(a, v);
}

function compare(s: Attr, actual: Simple | undefined, op: string, expected: Literal): boolean {
  if (op === "eq" && expected === null) return actual === undefined;
  if (op === "ne" && expected === null) return actual !== undefined;
  if (actual === undefined) return op === "ne";
  if (typeof actual === "boolean" || typeof expected === "boolean") {
    if (op !== "eq" && op !== "ne")
      throw new ScimError(400, `${op} cannot compare booleans.`, "invalidFilter");
    const same = actual === (typeof expected === "string" ? expected.toLowerCase() === "true" : expected);
    return op === "eq" ? same : !same;
  }
  const norm = (x: string) => (s.caseExact ? x : x.toLowerCase());
  const a = norm(actual);
  const e = norm(String(expected));
  switch (op) {
    case "eq":
      return a === e;
    case "ne":
      return a !== e;
    case "co":
      return a.includes(e);
    case "sw":
      return a.startsWith(e);
    case "ew":
      return a.endsWith(e);
    case "gt":
      return a > e;
    case "ge":
      return a >= e;
    case "lt":
      return a < e;
    default:
      return a <= e;
  }
}

/** Evaluates a value filter (`type eq "work" and primary eq true`) on one element of `parent`. */
export function matches(f: Filter, el: Complex, parent: Attr): boolean {
  const sub = (path: string) => {
    const s = findSub(parent, path);
    if (!s)
      throw new ScimError(400, `${parent.name} has no sub-attribute "${path.slice(0, 60)}".`, "invalidPath");
    return s;
  };
  switch (f.kind) {
    case "and":
      return matches(f.left, el, parent) && matches(f.right, el, parent);
    case "or":
      return matches(f.left, el, parent) || matches(f.right, el, parent);
    case "not":
      return !matches(f.expr, el, parent);
    case "pr": {
      const v = el[sub(f.path).key];
      return v !== undefined && v !== "";
    }
    case "cmp": {
      const s = sub(f.path);
      return compare(s, el[s.key], f.op, f.value);
    }
    default:
      throw new ScimError(400, "A value filter cannot nest another value filter.", "invalidPath");
  }
}

/** At most one element may be primary (RFC 7643 §2.4): the last one set wins. */
export function onePrimary(list: Complex[], preferred?: Complex): void {
  const primaries = list.filter((el) => el.primary === true);
  if (primaries.length <= 1) return;
  const keep = preferred && preferred.primary === true ? preferred : primaries.at(-1);
  for (const el of primaries) if (el !== keep) el.primary = false;
}
