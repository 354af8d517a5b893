import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { env } from "@/lib/env";
import { BodyError, PROTOTYPE_KEYS, readJsonBody, type BodySource } from "@/lib/http/body";
import type { LedgerActor } from "@/lib/ledger/append";
import { GROUP_RESOURCE, USER_RESOURCE, type ResourceSchema } from "./attributes";
import { resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { SCIM_ERROR, ScimError, type ScimType } from "./errors";
import { parseFilter, parsePaging } from "./filter";
import {
  createGroup,
  deleteGroup,
  getGroup,
  groupFromBody,
  listGroups,
  patchGroup,
  replaceGroup,
  toScimGroup,
} from "./groups";
import { assertProjection, ifNoneMatchHits, project, type Json } from "./render";
import { LIST_SCHEMA } from "./schemas";
import { authenticateScim } from "./tokens";
import { authFailure, sourceOfHeaders, sourceOfRequest } from "@/lib/auth/rate-limit";
import type { Doc } from "./document";
import { createUserFast, patchUserFast } from "./user-fast";
import { listUsers, type ListQuery } from "./user-list";
import { createUser, deleteUser, getUser, patchUser, replaceUser, toScimUser, userFromBody } from "./users";

// One entry point for /scim/v2/*, independent of the HTTP stack: bearer auth → route → SCIM
// JSON. Served on the lean node:http path (scimLeanRoute) and by the Next route handler
// (handleScim). Every failure is a SCIM error (400/401/404/409/412/413), never a stack trace.
const MAX_BODY = 2_000_000;
const CONTENT_TYPE = "application/scim+json";

type ScimRequest = {
  method: string;
  url: URL;
  header: (name: string) => string | null;
  body: BodySource;
  segments: string[];
  protocol: string;
  /** The client address for the per-address limit on failed authentications. */
  source: string;
};
type ScimReply = { status: number; headers: Record<string, string>; body: unknown };

const reply = (status: number, body: unknown, headers: Record<string, string> = {}): ScimReply => ({
  status,
  body,
  headers,
});
const errorReply = (
  status: number,
  detail: string,
  scimType?: ScimType,
  headers: Record<string, string> = {},
) =>
  reply(
    status,
    { schemas: [SCIM_ERROR], status: String(status), ...(scimType ? { scimType } : {}), detail },
    headers,
  );

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** Links in responses: TRIAD_PUBLIC_URL, else forwarded headers only behind a trusted proxy, else Host. */
function scimBaseUrl(req: Pick<ScimRequest, "header" | "protocol">): string {
  const configured = env().TRIAD_PUBLIC_URL;
  if (configured) return `${configured.replace(/\/$/, "")}/scim/v2`;
  const first = (v: string | null) => v?.split(",")[0].trim() ?? null;
  const trusted = env().TRIAD_TRUSTED_PROXY;
  const fwdHost = trusted ? first(req.header("x-forwarded-host")) : null;
  const fwdProto = trusted ? first(req.header("x-forwarded-proto")) : null;
  const host =
    [fwdHost, req.header("host")].find((h): h is string => !!h && HOST.test(h)) ?? `localhost:${env().PORT}`;
  const proto = fwdProto === "https" || fwdProto === "http" ? fwdProto : req.protocol;
  return `${proto}://${host}/scim/v2`;
}

async function readBody(req: ScimRequest): Promise<unknown> {
  try {
    return await readJsonBody(req.body, MAX_BODY, { maxDepth: 16, forbiddenKeys: PROTOTYPE_KEYS });
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.status === 413) throw new ScimError(413, `The body is larger than ${MAX_BODY} bytes.`);
    throw new ScimError(
      400,
      error.message,
      error.code === "invalid_json" || error.code === "too_deep" ? "invalidSyntax" : "invalidValue",
    );
  }
}

function listQuery(url: URL): ListQuery {
  const { startIndex, count } = parsePaging(url);
  const raw = url.searchParams.get("filter");
  const order = (url.searchParams.get("sortOrder") ?? "ascending").toLowerCase();
  if (order !== "ascending" && order !== "descending")
    throw new ScimError(400, "sortOrder must be ascending or descending.", "invalidValue");
  return {
    filter: raw?.trim() ? parseFilter(raw) : null,
    startIndex,
    count,
    sortBy: url.searchParams.get("sortBy")?.trim() || null,
    descending: order === "descending",
  };
}

function listReply(total: number, startIndex: number, count: number, resources: Json[]): ScimReply {
  // count=0: the total only (an empty Resources list keeps strict clients' parsers happy).
  if (count === 0)
    return reply(200, {
      schemas: [LIST_SCHEMA],
      totalResults: total,
      startIndex,
      itemsPerPage: 0,
      Resources: [],
    });
  return reply(200, {
    schemas: [LIST_SCHEMA],
    totalResults: total,
    startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  });
}

function one(schema: ResourceSchema, url: URL, resource: Json, status = 200): ScimReply {
  const meta = resource.meta as { version: string; location: string };
  const headers: Record<string, string> = { etag: meta.version };
  if (status === 201) headers.location = meta.location;
  return reply(
    status,
    project(schema, resource, url.searchParams.get("attributes"), url.searchParams.get("excludedAttributes")),
    headers,
  );
}

/** `excludedAttributes=members` (or `attributes` without members): large groups come back without their members. */
function wantsMembers(url: URL): boolean {
  const names = (p: string | null) => (p ?? "").split(",").map((s) => s.trim().toLowerCase());
  if (
    names(url.searchParams.get("excludedAttributes")).some(
      (n) => n === "members" || n === `${GROUP_RESOURCE.core.toLowerCase()}:members`,
    )
  )
    return false;
  const attrs = url.searchParams.get("attributes");
  return !attrs?.trim() || names(attrs).some((n) => n.startsWith("members") || n.includes(":members"));
}

/** The hot path first (plain pg, lib/scim/user-fast.ts); the leaver flows take the Prisma path. */
const createOrProvision = async (doc: Doc, by: LedgerActor) =>
  (await createUserFast(doc, by)) ?? createUser(doc, by);
const patchAny = async (id: string, body: unknown, by: LedgerActor, ifMatch: string | null) =>
  (await patchUserFast(id, body, by, ifMatch)) ?? patchUser(id, body, by, ifMatch);

async function users(
  req: ScimRequest,
  id: string | undefined,
  by: LedgerActor,
  base: string,
): Promise<ScimReply> {
  const { method, url } = req;
  const ifMatch = req.header("if-match");
  if (!id && method === "GET") {
    const q = listQuery(url);
    assertProjection(
      USER_RESOURCE,
      url.searchParams.get("attributes"),
      url.searchParams.get("excludedAttributes"),
    );
    const { total, rows } = await listUsers(q);
    return listReply(
      total,
      q.startIndex,
      q.count,
      rows.map((r) =>
        project(
          USER_RESOURCE,
          toScimUser(r, base),
          url.searchParams.get("attributes"),
          url.searchParams.get("excludedAttributes"),
        ),
      ),
    );
  }
  if (!id && method === "POST")
    return one(
      USER_RESOURCE,
      url,
      toScimUser(await createOrProvision(userFromBody(await readBody(req)), by), base),
      201,
    );
  if (!id) throw new ScimError(405, `${method} is not supported on /Users.`);
  if (method === "GET") {
    const resource = toScimUser(await getUser(id), base);
    if (ifNoneMatchHits(req.header("if-none-match"), (resource.meta as { version: string }).version))
      return reply(304, null, { etag: (resource.meta as { version: string }).version });
    return one(USER_RESOURCE, url, resource);
  }
  if (method === "PUT")
    return one(
      USER_RESOURCE,
      url,
      toScimUser(await replaceUser(id, userFromBody(await readBody(req)), by, ifMatch), base),
    );
  if (method === "PATCH")
    return one(USER_RESOURCE, url, toScimUser(await patchAny(id, await readBody(req), by, ifMatch), base));
  if (method === "DELETE") {
    await deleteUser(id, by, ifMatch);
    return reply(204, null);
  }
  throw new ScimError(405, `${method} is not supported on a User.`);
}

async function groups(
  req: ScimRequest,
  id: string | undefined,
  by: LedgerActor,
  base: string,
): Promise<ScimReply> {
  const { method, url } = req;
  const ifMatch = req.header("if-match");
  const withMembers = wantsMembers(url);
  const shown = async (groupId: string, status = 200) => {
    const { team, members } = await getGroup(groupId, withMembers);
    return one(GROUP_RESOURCE, url, toScimGroup(team, members, base), status);
  };
  if (!id && method === "GET") {
    const q = listQuery(url);
    assertProjection(
      GROUP_RESOURCE,
      url.searchParams.get("attributes"),
      url.searchParams.get("excludedAttributes"),
    );
    const { total, rows } = await listGroups(q, withMembers);
    return listReply(
      total,
      q.startIndex,
      q.count,
      rows.map((r) =>
        project(
          GROUP_RESOURCE,
          toScimGroup(r.team, r.members, base),
          url.searchParams.get("attributes"),
          url.searchParams.get("excludedAttributes"),
        ),
      ),
    );
  }
  if (!id && method === "POST")
    return shown((await createGroup(groupFromBody(await readBody(req)), by)).id, 201);
  if (!id) throw new ScimError(405, `${method} is not supported on /Groups.`);
  if (method === "GET") {
    const r = await shown(id);
    if (ifNoneMatchHits(req.header("if-none-match"), r.headers.etag))
      return reply(304, null, { etag: r.headers.etag });
    return r;
  }
  if (method === "PUT")
    return shown((await replaceGroup(id, groupFromBody(await readBody(req)), by, ifMatch)).id);
  if (method === "PATCH") {
    await patchGroup(id, await readBody(req), by, ifMatch);
    // RFC 7644 §3.5.2 allows 204: a one-member change to a large group should not send the
    // whole member list back. Asking for attributes gets the resource (200).
    if (url.searchParams.has("attributes") || url.searchParams.has("excludedAttributes")) return shown(id);
    const { team } = await getGroup(id, false);
    return reply(204, null, { etag: `W/"${team.version}"` });
  }
  if (method === "DELETE") {
    await deleteGroup(id, by, ifMatch);
    return reply(204, null);
  }
  throw new ScimError(405, `${method} is not supported on a Group.`);
}

function discovery(resource: string, id: string | undefined, base: string): ScimReply | null {
  if (resource === "ServiceProviderConfig" && !id) return reply(200, serviceProviderConfig(base));
  const all =
    resource === "ResourceTypes" ? resourceTypes(base) : resource === "Schemas" ? schemas(base) : null;
  if (!all) return null;
  if (!id) return reply(200, all);
  const found = (all.Resources as { id: string }[]).find((r) => r.id === id);
  if (!found) throw new ScimError(404, `${resource.slice(0, -1)} ${id.slice(0, 100)} not found.`);
  return reply(200, found);
}

async function scimCore(req: ScimRequest): Promise<ScimReply> {
  try {
    const token = await authenticateScim(req.header("authorization"));
    if (!token) {
      const failed = await authFailure("scim-auth", req.source);
      return errorReply(
        failed.status,
        failed.status === 429
          ? "Too many failed authentications from this address; retry later."
          : "A valid SCIM bearer token is required.",
        undefined,
        { "www-authenticate": 'Bearer realm="triad-scim"', ...failed.headers },
      );
    }
    const by: LedgerActor = { id: token.id, kind: "SCIM", name: `SCIM: ${token.name}` };
    const base = scimBaseUrl(req);
    const method = req.method.toUpperCase();
    const [resource = "", id, ...rest] = req.segments;
    if (rest.length) throw new ScimError(404, "No such endpoint.");
    if (["ServiceProviderConfig", "ResourceTypes", "Schemas"].includes(resource)) {
      if (method !== "GET") throw new ScimError(405, `${method} is not supported here.`);
      return discovery(resource, id, base)!;
    }
    if (resource === "Users") return await users({ ...req, method }, id, by, base);
    if (resource === "Groups") return await groups({ ...req, method }, id, by, base);
    throw new ScimError(404, "No such endpoint.");
  } catch (error) {
    if (error instanceof ScimError) return errorReply(error.status, error.message, error.scimType);
    const requestId = randomUUID().slice(0, 8);
    console.error(`[triad] scim request ${requestId} failed`, error);
    return errorReply(500, `Internal error (request ${requestId}).`);
  }
}

function segmentsOf(pathname: string): string[] | null {
  try {
    return pathname
      .replace(/^\/scim\/v2\/?/, "")
      .split("/")
      .filter(Boolean)
      .map(decodeURIComponent);
  } catch {
    return null;
  }
}

const bodyText = (r: ScimReply) =>
  r.status === 204 || r.status === 304 || r.body === null ? null : JSON.stringify(r.body);

/** The Next route handler (app/scim/v2/[[...path]]) and tests: a fetch Request in, a Response out. */
export async function handleScim(request: Request, segments: string[]): Promise<Response> {
  const url = new URL(request.url);
  const r = await scimCore({
    method: request.method,
    url,
    header: (n) => request.headers.get(n),
    body: request,
    segments,
    protocol: url.protocol.replace(":", ""),
    source: sourceOfHeaders(request.headers),
  });
  return new Response(bodyText(r), {
    status: r.status,
    headers: { "content-type": CONTENT_TYPE, ...r.headers },
  });
}

/** The lean node:http route (lib/server/lean-routes.ts): SCIM without Next's request pipeline. */
export async function scimLeanHandler(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const header = (n: string) => {
    const v = req.headers[n];
    return Array.isArray(v) ? v.join(", ") : (v ?? null);
  };
  const url = new URL(req.url ?? "/", "http://localhost");
  const segments = segmentsOf(url.pathname);
  const r = segments
    ? await scimCore({
        method: req.method ?? "GET",
        url,
        header,
        body: req,
        segments,
        protocol: "http",
        source: sourceOfRequest(req),
      })
    : errorReply(404, "No such endpoint.");
  const text = bodyText(r);
  res.writeHead(r.status, {
    "content-type": CONTENT_TYPE,
    ...(text === null ? {} : { "content-length": String(Buffer.byteLength(text)) }),
    ...r.headers,
  });
  res.end(text ?? undefined);
}
