import { createHash } from "node:crypto";
import { resolveAttrPath, type ResourceSchema } from "./attributes";
import type { Doc } from "./document";
import { ScimError } from "./errors";

// Resource document → SCIM JSON (core attributes at the top, extension attributes under their
// URN), meta.version as a weak ETag over the document, and attributes/excludedAttributes.

export type Json = Record<string, unknown>;
export type Meta = {
  resourceType: string;
  created: Date;
  lastModified: Date;
  location: string;
  version: string;
};

/** A weak ETag that changes exactly when the stored document changes. */
export function versionOf(id: string, doc: Doc | string): string {
  const text = typeof doc === "string" ? doc : JSON.stringify(doc);
  return `W/"${createHash("sha256").update(id).update("\u0000").update(text).digest("base64url").slice(0, 22)}"`;
}

export function render(
  schema: ResourceSchema,
  id: string,
  doc: Doc,
  meta: Meta,
  extra: Record<string, Json> = {},
): Json {
  const out: Json = { schemas: [schema.core], id };
  const ext: Record<string, Json> = {};
  for (const a of schema.attrs) {
    const v = a.key in extra ? extra[a.key] : doc[a.key];
    if (v === undefined || a.name === "id" || a.name === "meta") continue;
    if (a.schema === schema.core) out[a.name] = v;
    else (ext[a.schema] ??= {})[a.name] = v;
  }
  for (const [urn, values] of Object.entries(ext)) {
    (out.schemas as string[]).push(urn);
    out[urn] = values;
  }
  out.meta = {
    resourceType: meta.resourceType,
    created: meta.created.toISOString(),
    lastModified: meta.lastModified.toISOString(),
    location: meta.location,
    version: meta.version,
  };
  return out;
}

type Selection = { urn?: string; name: string; sub?: string }[];

function selection(schema: ResourceSchema, raw: string): Selection {
  return raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .slice(0, 100)
    .map((p) => {
      const { attr, sub } = resolveAttrPath(schema, p, "invalidPath");
      return { urn: attr.schema === schema.core ? undefined : attr.schema, name: attr.name, sub: sub?.name };
    });
}

function pick(from: Json, s: Selection[number]): [string, unknown] | undefined {
  const container = s.urn ? (from[s.urn] as Json | undefined) : from;
  const v = container?.[s.name];
  if (v === undefined) return undefined;
  if (!s.sub) return [s.name, v];
  if (Array.isArray(v))
    return [s.name, v.map((el: Json) => ({ [s.sub!]: el[s.sub!] })).filter((el) => el[s.sub!] !== undefined)];
  const inner = (v as Json)[s.sub];
  return inner === undefined ? undefined : [s.name, { [s.sub]: inner }];
}

/** RFC 7644 §3.9: `attributes` keeps only what is named (plus id and schemas); `excludedAttributes` drops. */
export function project(
  schema: ResourceSchema,
  resource: Json,
  attributes: string | null,
  excluded: string | null,
): Json {
  if (attributes?.trim()) {
    const out: Json = { schemas: resource.schemas, id: resource.id };
    for (const s of selection(schema, attributes)) {
      const hit = pick(resource, s);
      if (!hit) continue;
      const target = s.urn ? ((out[s.urn] as Json | undefined) ?? (out[s.urn] = {})) : out;
      const [name, value] = hit;
      const prev = (target as Json)[name];
      (target as Json)[name] =
        prev &&
        typeof prev === "object" &&
        !Array.isArray(prev) &&
        typeof value === "object" &&
        !Array.isArray(value)
          ? { ...(prev as Json), ...(value as Json) }
          : value;
    }
    return out;
  }
  if (excluded?.trim()) {
    const out: Json = structuredClone(resource);
    for (const s of selection(schema, excluded)) {
      if (s.name === "id") continue;
      const container = (s.urn ? out[s.urn] : out) as Json | undefined;
      if (!container) continue;
      if (!s.sub) delete container[s.name];
      else if (Array.isArray(container[s.name]))
        (container[s.name] as Json[]).forEach((el) => delete el[s.sub!]);
      else if (container[s.name] && typeof container[s.name] === "object")
        delete (container[s.name] as Json)[s.sub];
    }
    return out;
  }
  return resource;
}

/** If-Match (RFC 7644 §3.14): `*`, or one of the listed versions (weak comparison). */
export function assertIfMatch(header: string | null, current: string): void {
  if (!header || header.trim() === "*") return;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  const wanted = header.split(",").map(strip);
  if (!wanted.includes(strip(current)))
    throw new ScimError(412, "The resource changed since that version (If-Match); read it again and retry.");
}

export function ifNoneMatchHits(header: string | null, current: string): boolean {
  if (!header) return false;
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(current));
}

/** The error for a projection that removes everything an IdP needs is theirs; a bad path is a 400. */
export function assertProjection(
  schema: ResourceSchema,
  attributes: string | null,
  excluded: string | null,
): void {
  if (attributes?.trim()) selection(schema, attributes);
  if (excluded?.trim()) selection(schema, excluded);
}
