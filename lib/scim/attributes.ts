import { ScimError } from "./errors";
import { ENTERPRISE_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schemas";

// The attributes Triad stores, as RFC 7643 §7 describes them. This one table drives /Schemas,
// path and filter resolution, PATCH, projection and sorting, so nothing is advertised that is
// not stored and nothing is stored that a path cannot reach. Attribute names sent by a client
// are only ever used to look up an entry here; writes use the entry's own `key`.

type AttrType = "string" | "boolean" | "dateTime" | "reference" | "complex";
type Mutability = "readOnly" | "readWrite" | "immutable";

export type Attr = {
  name: string;
  /** Internal key of the attribute in a resource document (extension attributes carry their URN). */
  key: string;
  schema: string;
  type: AttrType;
  multiValued: boolean;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: "always" | "default";
  uniqueness: "none" | "server";
  maxLength: number;
  subAttributes?: Attr[];
  canonicalValues?: string[];
  referenceTypes?: string[];
  /** Common attributes (id, meta) are not listed in /Schemas. */
  common?: boolean;
};

type Opts = Partial<Omit<Attr, "name" | "key" | "schema" | "type">>;

function attr(schema: string, name: string, type: AttrType, opts: Opts = {}): Attr {
  const key = schema === USER_SCHEMA || schema === GROUP_SCHEMA ? name : `${schema}:${name}`;
  return {
    name,
    key,
    schema,
    type,
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    maxLength: 1000,
    ...opts,
    subAttributes: opts.subAttributes?.map((s) => ({ ...s, schema, key: s.name })),
  };
}

const sub = (name: string, type: AttrType = "string", opts: Opts = {}) => attr(USER_SCHEMA, name, type, opts);
const multi = (types: string[], extra: Attr[] = []) => [
  sub("value", "string", { maxLength: 320 }),
  sub("display", "string", { maxLength: 320 }),
  sub("type", "string", { canonicalValues: types, maxLength: 50 }),
  sub("primary", "boolean"),
  ...extra,
];

const meta = (schema: string) =>
  attr(schema, "meta", "complex", {
    mutability: "readOnly",
    common: true,
    subAttributes: [
      sub("created", "dateTime", { mutability: "readOnly" }),
      sub("lastModified", "dateTime", { mutability: "readOnly" }),
      sub("version", "string", { mutability: "readOnly", caseExact: true }),
    ],
  });

const id = (schema: string) =>
  attr(schema, "id", "string", {
    mutability: "readOnly",
    returned: "always",
    caseExact: true,
    uniqueness: "server",
    common: true,
  });

export const USER_ATTRS: Attr[] = [
  id(USER_SCHEMA),
  attr(USER_SCHEMA, "externalId", "string", { caseExact: true, maxLength: 255, common: true }),
  meta(USER_SCHEMA),
  attr(USER_SCHEMA, "userName", "string", { required: true, uniqueness: "server", maxLength: 320 }),
  attr(USER_SCHEMA, "name", "complex", {
    subAttributes: [
      sub("formatted", "string", { maxLength: 300 }),
      sub("familyName", "string", { maxLength: 100 }),
      sub("givenName", "string", { maxLength: 100 }),
      sub("middleName", "string", { maxLength: 100 }),
      sub("honorificPrefix", "string", { maxLength: 50 }),
      sub("honorificSuffix", "string", { maxLength: 50 }),
    ],
  }),
  attr(USER_SCHEMA, "displayName", "string", { maxLength: 200 }),
  attr(USER_SCHEMA, "nickName", "string", { maxLength: 100 }),
  attr(USER_SCHEMA, "title", "string", { maxLength: 200 }),
  attr(USER_SCHEMA, "userType", "string", { maxLength: 100 }),
  attr(USER_SCHEMA, "preferredLanguage", "string", { maxLength: 50 }),
  attr(USER_SCHEMA, "locale", "string", { maxLength: 50 }),
  attr(USER_SCHEMA, "timezone", "string", { maxLength: 100 }),
  attr(USER_SCHEMA, "active", "boolean"),
  attr(USER_SCHEMA, "emails", "complex", {
    multiValued: true,
    subAttributes: multi(["work", "home", "other"]),
  }),
  attr(USER_SCHEMA, "phoneNumbers", "complex", {
    multiValued: true,
    subAttributes: multi(["work", "home", "mobile", "fax", "pager", "other"]),
  }),
  attr(USER_SCHEMA, "addresses", "complex", {
    multiValued: true,
    subAttributes: [
      sub("formatted", "string", { maxLength: 500 }),
      sub("streetAddress", "string", { maxLength: 300 }),
      sub("locality", "string", { maxLength: 100 }),
      sub("region", "string", { maxLength: 100 }),
      sub("postalCode", "string", { maxLength: 50 }),
      sub("country", "string", { maxLength: 100 }),
      sub("type", "string", { canonicalValues: ["work", "home", "other"], maxLength: 50 }),
      sub("primary", "boolean"),
    ],
  }),
  attr(ENTERPRISE_SCHEMA, "employeeNumber", "string", { maxLength: 100 }),
  attr(ENTERPRISE_SCHEMA, "costCenter", "string", { maxLength: 100 }),
  attr(ENTERPRISE_SCHEMA, "organization", "string", { maxLength: 200 }),
  attr(ENTERPRISE_SCHEMA, "division", "string", { maxLength: 200 }),
  attr(ENTERPRISE_SCHEMA, "department", "string", { maxLength: 200 }),
  attr(ENTERPRISE_SCHEMA, "manager", "complex", {
    subAttributes: [
      sub("value", "string", { caseExact: true, maxLength: 100 }),
      sub("$ref", "reference", { mutability: "readOnly", referenceTypes: ["User"] }),
      sub("displayName", "string", { mutability: "readOnly" }),
    ],
  }),
];

const gsub = (name: string, type: AttrType = "string", opts: Opts = {}) =>
  attr(GROUP_SCHEMA, name, type, opts);

export const GROUP_ATTRS: Attr[] = [
  id(GROUP_SCHEMA),
  attr(GROUP_SCHEMA, "externalId", "string", { caseExact: true, maxLength: 255, common: true }),
  meta(GROUP_SCHEMA),
  attr(GROUP_SCHEMA, "displayName", "string", { required: true, uniqueness: "server", maxLength: 200 }),
  attr(GROUP_SCHEMA, "members", "complex", {
    multiValued: true,
    subAttributes: [
      gsub("value", "string", { caseExact: true, mutability: "immutable", maxLength: 100 }),
      gsub("display", "string", { mutability: "readOnly" }),
      gsub("$ref", "reference", { mutability: "readOnly", referenceTypes: ["User"] }),
      gsub("type", "string", { mutability: "readOnly", canonicalValues: ["User"] }),
    ],
  }),
];

export type ResourceSchema = { name: "User" | "Group"; core: string; extensions: string[]; attrs: Attr[] };
export const USER_RESOURCE: ResourceSchema = {
  name: "User",
  core: USER_SCHEMA,
  extensions: [ENTERPRISE_SCHEMA],
  attrs: USER_ATTRS,
};
export const GROUP_RESOURCE: ResourceSchema = {
  name: "Group",
  core: GROUP_SCHEMA,
  extensions: [],
  attrs: GROUP_ATTRS,
};

export const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

const eqi = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findSub(parent: Attr, name: string): Attr | undefined {
  return parent.subAttributes?.find((s) => eqi(s.name, name));
}

type ResolvedPath = { attr: Attr; sub?: Attr };

/**
 * Resolves `[urn:…:]attr[.sub]` against a resource's schema, case-insensitively (RFC 7644
 * §3.10). Anything unknown, and any prototype-ish segment, is a 400 with the given scimType.
 */
export function resolveAttrPath(
  schema: ResourceSchema,
  raw: string,
  scimType: "invalidPath" | "invalidFilter" = "invalidPath",
): ResolvedPath {
  const fail = (why: string): never => {
    throw new ScimError(400, `${why} "${raw.slice(0, 120)}".`, scimType);
  };
  let rest = raw;
  let urn: string | undefined;
  for (const s of [...schema.extensions, schema.core]) {
    if (rest.length > s.length && eqi(rest.slice(0, s.length + 1), `${s}:`)) {
      urn = s;
      rest = rest.slice(s.length + 1);
      break;
    }
  }
  const parts = rest.split(".");
  if (parts.some((p) => FORBIDDEN_SEGMENTS.has(p.toLowerCase()))) fail("Path segment not allowed in");
  if (parts.length > 2 || parts.some((p) => !p)) fail("Unsupported attribute path");
  const candidates = schema.attrs.filter(
    (a) =>
      eqi(a.name, parts[0]) && (urn ? a.schema === urn || (urn === schema.core && a.common === true) : true),
  );
  // Without a URN, core attributes win over extension attributes of the same name.
  const found = candidates.find((a) => a.schema === schema.core) ?? candidates[0];
  if (!found) return fail("Unknown attribute");
  if (parts.length === 1) return { attr: found };
  const s = findSub(found, parts[1]);
  if (!s) return fail("Unknown sub-attribute");
  return { attr: found, sub: s };
}

/** An extension's attributes, for a body or value object keyed by the extension URN. */
export function extensionAttrs(schema: ResourceSchema, urn: string): Attr[] {
  return schema.attrs.filter((a) => a.schema === urn);
}

export function matchExtension(schema: ResourceSchema, key: string): string | undefined {
  return schema.extensions.find((e) => eqi(e, key));
}
