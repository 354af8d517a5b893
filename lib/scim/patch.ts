import {
  extensionAttrs,
  findSub,
  FORBIDDEN_SEGMENTS,
  matchExtension,
  resolveAttrPath,
  type Attr,
  type ResourceSchema,
} from "./attributes";
import {
  coerceComplex,
  coerceSimple,
  coerceValue,
  matches,
  onePrimary,
  type Complex,
  type Doc,
} from "./document";
import { ScimError } from "./errors";
import { equalityTerms, parsePatchPath, type Filter } from "./filter";

// RFC 7644 §3.5.2 PATCH on a resource document. Ops in any letter case; paths `attr`,
// `attr.sub`, `urn:…:attr`, `attr[filter]`, `attr[filter].sub`; no-path value objects (whose
// keys may themselves be paths or an extension URN). All operations are applied to a copy; the
// caller saves the result in one transaction, so a request applies entirely or not at all.
// PUT and POST bodies go through the same code (a replace of every attribute on an empty document).

type Op = "add" | "replace" | "remove";
const MAX_OPS = 1000;

/** Request-level attributes that are accepted on write and not stored (never returned either). */
const IGNORED_ON_WRITE: Record<string, string[]> = {
  User: ["schemas", "password", "groups"],
  Group: ["schemas"],
};

function readOnly(name: string): never {
  throw new ScimError(400, `${name} is read-only.`, "mutability");
}

function sameValue(a: Attr, x: Complex, y: Complex): boolean {
  if (x.value === undefined || y.value === undefined) return false;
  const norm = (v: unknown) => (findSub(a, "value")?.caseExact ? String(v) : String(v).toLowerCase());
  return norm(x.value) === norm(y.value) && (x.type ?? "") === (y.type ?? "");
}

function setPlain(doc: Doc, a: Attr, sub: Attr | undefined, op: Op, value: unknown): void {
  if (a.mutability === "readOnly" || sub?.mutability === "readOnly")
    readOnly(sub ? `${a.name}.${sub.name}` : a.name);
  if (!sub) {
    if (op === "remove") {
      if (a.multiValued && Array.isArray(value)) return removeListed(doc, a, value);
      delete doc[a.key];
      return;
    }
    const v = coerceValue(a, value);
    if (v === null) {
      delete doc[a.key];
      return;
    }
    const existing = doc[a.key];
    if (a.multiValued) {
      const incoming = v as Complex[];
      const list =
        op === "add" && Array.isArray(existing)
          ? existing.filter((el) => !incoming.some((n) => sameValue(a, el, n)))
          : [];
      doc[a.key] = [...list, ...incoming];
      onePrimary(
        doc[a.key] as Complex[],
        incoming.findLast((n) => n.primary === true),
      );
    } else if (a.type === "complex") {
      // Sub-attributes not in the value are left as they were (RFC 7644 §3.5.2.1 and .3).
      doc[a.key] = {
        ...(existing && typeof existing === "object" && !Array.isArray(existing) ? existing : {}),
        ...(v as Complex),
      };
    } else doc[a.key] = v;
    return;
  }
  if (a.multiValued) {
    const list = Array.isArray(doc[a.key]) ? (doc[a.key] as Complex[]) : [];
    if (op === "remove") list.forEach((el) => delete el[sub.key]);
    else {
      const v = coerceSimple(sub, value, `${a.name}.${sub.name}`);
      if (!list.length && v !== null) list.push({});
      for (const el of list) {
        if (v === null) delete el[sub.key];
        else el[sub.key] = v;
      }
    }
    doc[a.key] = list.filter((el) => Object.keys(el).length);
    return;
  }
  const obj: Complex = { ...((doc[a.key] as Complex | undefined) ?? {}) };
  const v = op === "remove" ? null : coerceSimple(sub, value, `${a.name}.${sub.name}`);
  if (v === null) delete obj[sub.key];
  else obj[sub.key] = v;
  if (Object.keys(obj).length) doc[a.key] = obj;
  else delete doc[a.key];
}

/** Entra's `{"op":"remove","path":"members","value":[{"value":"id"}]}`: every listed value must be there. */
function removeListed(doc: Doc, a: Attr, value: unknown[]): void {
  const drop = coerceValue(a, value) as Complex[] | null;
  const list = Array.isArray(doc[a.key]) ? (doc[a.key] as Complex[]) : [];
  for (const d of drop ?? []) {
    const keyOf = (el: Complex) => String(el.value);
    if (!list.some((el) => keyOf(el) === keyOf(d)))
      throw new ScimError(400, `${a.name} has no value "${String(d.value).slice(0, 100)}".`, "noTarget");
  }
  const gone = new Set((drop ?? []).map((d) => String(d.value)));
  doc[a.key] = list.filter((el) => !gone.has(String(el.value)));
}

function setFiltered(doc: Doc, a: Attr, filter: Filter, sub: Attr | undefined, op: Op, value: unknown): void {
  if (!a.multiValued)
    throw new ScimError(400, `${a.name} is not multi-valued; a [filter] does not apply.`, "invalidPath");
  if (sub?.mutability === "readOnly") readOnly(`${a.name}.${sub.name}`);
  const list = Array.isArray(doc[a.key]) ? [...(doc[a.key] as Complex[])] : [];
  const hits = list.filter((el) => matches(filter, el, a));
  if (op === "remove") {
    if (!hits.length) throw new ScimError(400, `No ${a.name} value matches the filter.`, "noTarget");
    doc[a.key] = sub
      ? list
          .map((el) => (hits.includes(el) ? without(el, sub.key) : el))
          .filter((el) => Object.keys(el).length)
      : list.filter((el) => !hits.includes(el));
    return;
  }
  let targets = hits;
  if (!hits.length) {
    // No element matches: create one from the filter's equality terms (Entra adds
    // `emails[type eq "work"].value` for a user who has no work email yet).
    const terms = equalityTerms(filter);
    if (!terms) throw new ScimError(400, `No ${a.name} value matches the filter.`, "noTarget");
    const fresh: Complex = {};
    for (const t of terms) {
      const s = findSub(a, t.path);
      if (!s || s.mutability === "readOnly")
        throw new ScimError(
          400,
          `${a.name} has no writable sub-attribute "${t.path.slice(0, 60)}".`,
          "invalidPath",
        );
      const v = coerceSimple(
        s,
        typeof t.value === "number" ? String(t.value) : t.value,
        `${a.name}.${s.name}`,
      );
      if (v !== null) fresh[s.key] = v;
    }
    list.push(fresh);
    targets = [fresh];
  }
  const replaced = new Map<Complex, Complex>();
  for (const el of targets) {
    if (sub) {
      const v = coerceSimple(sub, value, `${a.name}.${sub.name}`);
      replaced.set(el, v === null ? without(el, sub.key) : { ...el, [sub.key]: v });
    } else {
      const v = coerceComplex(a, value, a.name);
      replaced.set(el, { ...el, ...(v ?? {}) });
    }
  }
  const next = list.map((el) => replaced.get(el) ?? el).filter((el) => Object.keys(el).length);
  if (findSub(a, "value") && next.some((el) => el.value === undefined))
    throw new ScimError(400, `${a.name}.value is required.`, "invalidValue");
  onePrimary(
    next,
    [...replaced.values()].findLast((el) => el.primary === true),
  );
  doc[a.key] = next;
}

function without(el: Complex, key: string): Complex {
  return Object.fromEntries(Object.entries(el).filter(([k]) => k !== key));
}

/** A no-path value object: each key is an attribute path, or an extension URN holding an object. */
function applyObject(schema: ResourceSchema, doc: Doc, op: Op, value: unknown, urn?: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ScimError(400, "An operation without a path needs an object value.", "invalidValue");
  for (const [key, v] of Object.entries(value)) {
    if (FORBIDDEN_SEGMENTS.has(key.toLowerCase()))
      throw new ScimError(400, `Attribute name "${key}" is not allowed.`, "invalidPath");
    if (!urn && IGNORED_ON_WRITE[schema.name].some((k) => k.toLowerCase() === key.toLowerCase())) continue;
    const ext = urn ? undefined : matchExtension(schema, key);
    if (ext) {
      applyObject(schema, doc, op, v, ext);
      continue;
    }
    // Entra's no-path form may key a value by a value-filter path (`emails[type eq "work"].value`).
    if (!urn && key.includes("[")) {
      applyOperation(schema, doc, op, key, v);
      continue;
    }
    const { attr, sub } = resolveAttrPath(schema, urn ? `${urn}:${key}` : key, "invalidPath");
    if (attr.mutability === "readOnly" && op !== "remove") continue; // id, meta in a PUT body: ignored (RFC 7643 §2.2)
    if (urn && attr.schema !== urn)
      throw new ScimError(400, `${key} is not an attribute of ${urn}.`, "invalidPath");
    setPlain(doc, attr, sub, op, v);
  }
}

function applyOperation(
  schema: ResourceSchema,
  doc: Doc,
  op: Op,
  rawPath: string | undefined,
  value: unknown,
): void {
  if (rawPath === undefined || rawPath.trim() === "") {
    if (op === "remove") throw new ScimError(400, "remove needs a path.", "noTarget");
    return applyObject(schema, doc, op, value);
  }
  const ext = matchExtension(schema, rawPath.trim());
  if (ext) {
    if (op === "remove") {
      for (const a of extensionAttrs(schema, ext)) delete doc[a.key];
      return;
    }
    return applyObject(schema, doc, op, value, ext);
  }
  const parsed = parsePatchPath(rawPath);
  const { attr, sub } = resolveAttrPath(schema, parsed.path, "invalidPath");
  if (parsed.filter) {
    if (sub)
      throw new ScimError(
        400,
        `Put the sub-attribute after the filter: ${attr.name}[…].${sub.name}.`,
        "invalidPath",
      );
    const s = parsed.sub === undefined ? undefined : findSub(attr, parsed.sub);
    if (parsed.sub !== undefined && !s)
      throw new ScimError(
        400,
        `${attr.name} has no sub-attribute "${parsed.sub.slice(0, 60)}".`,
        "invalidPath",
      );
    return setFiltered(doc, attr, parsed.filter, s, op, value);
  }
  if (op !== "remove" && value === undefined)
    throw new ScimError(400, `${op} needs a value.`, "invalidValue");
  setPlain(doc, attr, sub, op, value);
}

/** Applies a PatchOp body to a copy of the document and returns the copy. */
export function applyPatch(schema: ResourceSchema, current: Doc, body: unknown): Doc {
  const b = (typeof body === "object" && body !== null && !Array.isArray(body) ? body : {}) as Record<
    string,
    unknown
  >;
  const ops = b.Operations ?? b.operations;
  if (!Array.isArray(ops) || ops.length === 0)
    throw new ScimError(400, "PATCH needs a non-empty Operations array.", "invalidSyntax");
  if (ops.length > MAX_OPS) throw new ScimError(400, `At most ${MAX_OPS} operations per request.`, "tooMany");
  const doc = structuredClone(current);
  ops.forEach((raw: unknown, i: number) => {
    const o = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
    const op = typeof o.op === "string" ? o.op.toLowerCase() : "";
    if (op !== "add" && op !== "replace" && op !== "remove")
      throw new ScimError(400, `Operations[${i}].op must be add, replace or remove.`, "invalidSyntax");
    if (o.path !== undefined && typeof o.path !== "string")
      throw new ScimError(400, `Operations[${i}].path must be a string.`, "invalidPath");
    applyOperation(schema, doc, op, o.path as string | undefined, o.value);
  });
  return doc;
}

/** A POST or PUT body as a document: every attribute given, nothing else. */
export function documentFromBody(schema: ResourceSchema, body: unknown): Doc {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw new ScimError(400, "The body must be a JSON object.", "invalidSyntax");
  const doc: Doc = {};
  applyObject(schema, doc, "replace", body);
  return doc;
}

/** Required attributes present after the change (a PATCH may not blank userName). */
export function assertRequired(schema: ResourceSchema, doc: Doc): void {
  for (const a of schema.attrs) {
    if (a.required && (doc[a.key] === undefined || doc[a.key] === ""))
      throw new ScimError(400, `${a.name} is required and cannot be blank.`, "invalidValue");
  }
}
