import { afterAll, beforeAll } from "vitest";
import { startLeanServer } from "./authzen-helpers";
import { createScimToken } from "@/lib/scim/tokens";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { uid } from "@/tests/support/factories";

export const CORE = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type Json = Record<string, unknown>;
export type ScimResponse = { status: number; body: Json; headers: Headers };

/** The resources of a list response. */
export const resources = (r: ScimResponse) => (r.body.Resources ?? []) as Json[];

/** A SCIM client over real HTTP against the lean server, as an IdP calls it. */
export async function scimClient() {
  const server = await startLeanServer();
  const token = (await createScimToken(`idp-${uid()}`, SYSTEM_ACTOR, null)).token;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ScimResponse> => {
    const res = await fetch(`${server.url}/scim/v2${path}`, {
      method,
      headers: {
        "content-type": "application/scim+json; charset=utf-8",
        accept: "application/scim+json",
        authorization: `Bearer ${token}`,
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return { call, token, url: server.url, close: server.close };
}

export const patchOps = (...Operations: unknown[]) => ({ schemas: [PATCH_OP], Operations });
export const q = (s: string) => encodeURIComponent(s);

/** A SCIM client for the calling test file: its server starts before the file's tests and stops after. */
export function scimClientForFile() {
  let client: Awaited<ReturnType<typeof scimClient>>;
  beforeAll(async () => {
    client = await scimClient();
  });
  afterAll(async () => client.close());
  return {
    call: (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
      client.call(method, path, body, headers),
    url: () => client.url,
  };
}
