import { randomUUID } from "node:crypto";
import type { LedgerActor } from "@/lib/ledger/append";
import { ScimError, scimErrorResponse, scimJson } from "./errors";
import { parseFilter, parsePaging } from "./filter";
import { applyPatch } from "./patch";
import { authenticateScim } from "./tokens";
import { authFailure, sourceOfHeaders } from "@/lib/auth/rate-limit";
import { createUser, deleteUser, getUser, listUsers, parseUser, replaceUser, toScimUser } from "./users";
import { createGroup, deleteGroup, getGroup, listGroups, parseGroup, replaceGroup, toScimGroup } from "./groups";
import { resourceTypes, schemas, serviceProviderConfig } from "./discovery";

// One entry point for /scim/v2/*: bearer auth → route → SCIM JSON. Every failure is a SCIM
// error response (400/401/404/409/413…), never a stack trace.
const MAX_BODY = 2_000_000;

async function readBody(request: Request): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY) throw new ScimError(413, `Body larger than ${MAX_BODY} bytes.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new ScimError(400, "Body is not valid JSON.", "invalidSyntax");
  }
}

export function scimBaseUrl(request: Request): string {
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto") ?? url.protocol.replace(":", "");
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? url.host;
  return `${proto}://${host}/scim/v2`;
}

export async function handleScim(request: Request, segments: string[]): Promise<Response> {
  try {
    const token = await authenticateScim(request.headers.get("authorization"));
    if (!token) {
      const failed = await authFailure("scim-auth", sourceOfHeaders(request.headers)); // per-IP limit on failed authentications
      return scimJson(failed.status, { schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: String(failed.status), detail: failed.status === 429 ? "Too many failed authentications from this address; retry later." : "A valid SCIM bearer token is required." }, { "www-authenticate": 'Bearer realm="triad-scim"', ...failed.headers });
    }
    const by: LedgerActor = { id: token.id, kind: "SCIM", name: `SCIM: ${token.name}` };
    const base = scimBaseUrl(request);
    const url = new URL(request.url);
    const method = request.method.toUpperCase();
    const [resource, id, ...rest] = segments;
    if (rest.length) throw new ScimError(404, "No such endpoint.");

    if (resource === "ServiceProviderConfig" && method === "GET" && !id) return scimJson(200, serviceProviderConfig(base));
    if (resource === "ResourceTypes" && method === "GET") {
      const all = resourceTypes(base);
      if (!id) return scimJson(200, all);
      const one = all.Resources.find((r) => r.id === id);
      if (!one) throw new ScimError(404, `Resource type ${id} not found.`);
      return scimJson(200, one);
    }
    if (resource === "Schemas" && method === "GET") {
      const all = schemas(base);
      if (!id) return scimJson(200, all);
      const one = all.Resources.find((r) => r.id === id);
      if (!one) throw new ScimError(404, `Schema ${id} not found.`);
      return scimJson(200, one);
    }

    if (resource === "Users") {
      if (!id && method === "GET") {
        const { startIndex, count } = parsePaging(url);
        return scimJson(200, await listUsers(parseFilter(url.searchParams.get("filter"), ["userName", "externalId", "id", "displayName"]), startIndex, count, base));
      }
      if (!id && method === "POST") {
        const user = await createUser(parseUser(await readBody(request)), by);
        const body = toScimUser(user, base);
        return scimJson(201, body, { location: body.meta.location });
      }
      if (id && method === "GET") return scimJson(200, toScimUser(await getUser(id), base));
      if (id && method === "PUT") return scimJson(200, toScimUser(await replaceUser(id, parseUser(await readBody(request)), by), base));
      if (id && method === "PATCH") {
        const current = toScimUser(await getUser(id), base);
        const patched = applyPatch(current as unknown as Record<string, unknown>, await readBody(request));
        return scimJson(200, toScimUser(await replaceUser(id, parseUser(patched), by), base));
      }
      if (id && method === "DELETE") {
        await deleteUser(id, by);
        return scimJson(204, null);
      }
    }

    if (resource === "Groups") {
      const withMembers = !/(^|,)\s*members\s*(,|$)/i.test(url.searchParams.get("excludedAttributes") ?? "");
      if (!id && method === "GET") {
        const { startIndex, count } = parsePaging(url);
        return scimJson(200, await listGroups(parseFilter(url.searchParams.get("filter"), ["displayName", "externalId", "id"]), startIndex, count, base, withMembers));
      }
      if (!id && method === "POST") {
        const body = toScimGroup(await createGroup(parseGroup(await readBody(request)), by), base);
        return scimJson(201, body, { location: body.meta.location });
      }
      if (id && method === "GET") return scimJson(200, toScimGroup(await getGroup(id), base, withMembers));
      if (id && method === "PUT") return scimJson(200, toScimGroup(await replaceGroup(id, parseGroup(await readBody(request)), by), base));
      if (id && method === "PATCH") {
        const current = toScimGroup(await getGroup(id), base);
        const patched = applyPatch(current as unknown as Record<string, unknown>, await readBody(request));
        return scimJson(200, toScimGroup(await replaceGroup(id, parseGroup(patched), by), base));
      }
      if (id && method === "DELETE") {
        await deleteGroup(id, by);
        return scimJson(204, null);
      }
    }

    if (["Users", "Groups", "ServiceProviderConfig", "ResourceTypes", "Schemas"].includes(resource ?? "")) throw new ScimError(405, `${method} is not supported here.`);
    throw new ScimError(404, "No such endpoint.");
  } catch (error) {
    if (error instanceof ScimError) return scimErrorResponse(error.status, error.message, error.scimType);
    const requestId = randomUUID().slice(0, 8);
    console.error(`[triad] scim request ${requestId} failed`, error);
    return scimErrorResponse(500, `Internal error (request ${requestId}).`);
  }
}
