import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { systemCaller } from "@/lib/actions/caller";
import { createApiClient } from "@/lib/api-clients/mutations";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Role } from "@/lib/generated/prisma/enums";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { SYSTEM_ACTOR } from "@/lib/ledger/append";
import { createScimToken } from "@/lib/scim/tokens";
import { setRequestCookies } from "../support/next-request";
import { sessionCookie } from "../support/actions";
import { makeUser, uid } from "../support/factories";
import { AUD, makeBoundedAgent, openHttpSession } from "./agent-support";
import { FILTER_FIELDS } from "@/lib/explorer/filter";
import { newToken, startLeanServer } from "./authzen-helpers";
import { makePerson } from "./ownership-support";
import { CORE, GROUP } from "./scim-helpers";

// Every machine-facing entry point, sent text PostgreSQL cannot hold (NUL), strings that are not
// valid UTF-16 (a lone surrogate), prototype-named keys, numbers past 2^53 (1e21 reaches
// PostgreSQL as "1e+21"; 1e309 is Infinity) and over-long strings, with valid credentials so the
// input gets past authentication. Each must answer a 4xx with a message: never a 500, a 503, a
// broken stream or a stack trace.
vi.mock("next/headers", () => import("../support/next-request"));
vi.mock("next/cache", () => import("../support/next-cache"));

type Auth = "pep" | "audit" | "scim" | "agent" | "session" | "introspect" | "none";
type Case = {
  name: string;
  method: string;
  path: string;
  auth: Auth;
  body?: string;
  type?: string;
  /** Sent as Authorization instead of the credential named by `auth`. */
  authorization?: string;
};

const NUL = "a\u0000b";
const LONE = "x\ud800y";
const LONG = "x".repeat(20_000);
const HOSTILE_STRINGS = [NUL, LONE, LONG];
// Placeholder numbers in a template, swapped in the JSON text for what JSON.stringify cannot write.
const NUMBER_SWAPS = ["1e21", "-1e21", "1e309", "1.5", "-0"];
const QUERY_VALUES = [
  "%00",
  "a%00b",
  "%ED%A0%80",
  "%FF",
  "1e21",
  "-1e21",
  "1e309",
  "9".repeat(400),
  "x".repeat(4000),
];
// Years JavaScript's Date takes and PostgreSQL's timestamptz does not (it starts at 4713 BC).
const FAR_DATES = [
  "-271821-04-20T00:00:00Z",
  "-005000-01-01T00:00:00Z",
  "+275760-09-12T00:00:00Z",
  "0000-01-01T00:00:00Z",
];
const nextDay = (d: string) => new Date(Date.parse(d) + 86_400_000).toISOString();
// Decision-log cursors ("<at ms>.<seq>", base64url) that parse but hold values the columns cannot.
const BIG_SEQ_CURSOR = Buffer.from("1.9999999999999999999").toString("base64url");
const FAR_AT_CURSOR = Buffer.from("999999999999999.1").toString("base64url");
// Forged JWTs: their claims are base64url JSON, so they reach the server past every body check.
const b64 = (text: string) => Buffer.from(text).toString("base64url");
const jwt = (header: string, payload: string) => `${b64(header)}.${b64(payload)}.${b64("not a signature")}`;
const FORGED_JWTS = [
  jwt(
    '{"alg":"ES256","kid":"k\\u0000"}',
    '{"iss":"a\\u0000b","sub":"a\\u0000b","jti":"a\\u0000b","aud":"x\\u0000"}',
  ),
  jwt('{"alg":"ES256","kid":"\\ud800"}', '{"iss":"\\ud800","sub":"\\ud800","jti":"\\ud800","exp":1e21}'),
  jwt(
    '{"alg":"none"}',
    '{"iss":"https://evil.example","sub":"not-a-uuid","exp":1e309,"iat":-1e21,"nbf":1e21}',
  ),
  jwt(
    '{"alg":"ES256","__proto__":{"alg":"none"}}',
    '{"constructor":{"prototype":{"isAdmin":true}},"sub":"x"}',
  ),
];
const SEGMENTS = ["%00", "a%00b", "%ED%A0%80", "%E0%A4%A", "__proto__", "constructor", "x".repeat(4000)];

/** Every variant of a JSON template: each string leaf and each number leaf made hostile, and hostile keys added. */
function jsonVariants(template: Record<string, unknown>): Array<{ label: string; body: string }> {
  const out: Array<{ label: string; body: string }> = [];
  const leaves: Array<{ path: (string | number)[]; kind: "string" | "number" }> = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (typeof v === "string") leaves.push({ path, kind: "string" });
    else if (typeof v === "number") leaves.push({ path, kind: "number" });
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i]));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(template, []);
  const setAt = (path: (string | number)[], value: unknown) => {
    const copy = structuredClone(template) as Record<string | number, unknown>;
    let at = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
    at[path[path.length - 1]] = value;
    return copy;
  };
  for (const leaf of leaves) {
    const where = leaf.path.join(".");
    if (leaf.kind === "string")
      for (const s of HOSTILE_STRINGS)
        out.push({
          label: `${where}=${JSON.stringify(s.slice(0, 8))}`,
          body: JSON.stringify(setAt(leaf.path, s)),
        });
    if (leaf.kind === "string")
      out.push({
        label: `${where}=1e21 (a number)`,
        body: JSON.stringify(setAt(leaf.path, 987654321.25)).replace("987654321.25", "1e21"),
      });
    else
      for (const n of NUMBER_SWAPS)
        out.push({
          label: `${where}=${n}`,
          body: JSON.stringify(setAt(leaf.path, 987654321.25)).replace("987654321.25", n),
        });
  }
  const text = JSON.stringify(template);
  const addKey = (key: string, value: string) => `{${JSON.stringify(key)}:${value},${text.slice(1)}`;
  out.push({ label: "__proto__ key", body: addKey("__proto__", '{"isAdmin":true}') });
  out.push({ label: "constructor key", body: addKey("constructor", '{"prototype":{"isAdmin":true}}') });
  out.push({ label: "NUL in a key", body: addKey("k\u0000", '"v"') });
  out.push({ label: "lone surrogate in a key", body: addKey("k\ud800", '"v"') });
  return out;
}

/** Every variant of a form body: each field's value made hostile (percent-encoded), plus hostile names. */
function formVariants(fields: Record<string, string>): Array<{ label: string; body: string }> {
  const base = new URLSearchParams(fields).toString();
  const out: Array<{ label: string; body: string }> = [];
  for (const key of Object.keys(fields))
    for (const v of [...QUERY_VALUES, "%ED%A0%80"]) {
      const p = new URLSearchParams(fields);
      p.delete(key);
      out.push({ label: `${key}=${v.slice(0, 12)}`, body: `${p.toString()}&${key}=${v}` });
    }
  out.push({ label: "NUL name", body: `${base}&a%00=1` });
  out.push({ label: "__proto__ name", body: `${base}&__proto__=1&constructor=2` });
  return out;
}

let server: Awaited<ReturnType<typeof startLeanServer>>;
const tokens: Record<Auth, string | null> = {
  pep: null,
  audit: null,
  scim: null,
  agent: null,
  session: null,
  introspect: null,
  none: null,
};
let cases: Case[] = [];
let consoleCookie = "";
const slow: string[] = [];

async function send(c: Case): Promise<{ status: number; text: string; type: string }> {
  const headers: Record<string, string> = { accept: "application/json, text/event-stream" };
  if (c.body !== undefined) headers["content-type"] = c.type ?? "application/json";
  const credential = c.authorization ?? tokens[c.auth];
  if (credential) headers.authorization = credential;
  const started = Date.now();
  try {
    const res = await fetch(server.url + c.path, {
      method: c.method,
      headers,
      body: c.body,
      signal: AbortSignal.timeout(5_000),
    });
    const text = await res.text();
    if (Date.now() - started > 2_000) slow.push(`${c.name}: ${Date.now() - started} ms`);
    return { status: res.status, text, type: res.headers.get("content-type") ?? "" };
  } catch (error) {
    return { status: 599, text: `no whole answer: ${(error as Error).message}`, type: "" };
  }
}

/** A raw request on a socket, for bytes fetch refuses to send (NUL in a header). */
function rawRequest(head: string): Promise<string> {
  const { port, hostname } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(head));
    let got = "";
    socket.on("data", (d) => (got += d.toString("latin1")));
    socket.on("end", () => resolve(got));
    socket.on("close", () => resolve(got));
    socket.on("error", reject);
  });
}

function bad(c: { name: string }, r: { status: number; text: string; type: string }): string | null {
  if (r.status >= 500) return `${c.name} → ${r.status} ${r.text.slice(0, 200)}`;
  if (/\n\s+at .+:\d+:\d+/.test(r.text)) return `${c.name} → a stack trace in the body`;
  // An export that starts and then fails ends with a trailer saying so: still a failure.
  if (/failed part-way|is incomplete/.test(r.text)) return `${c.name} → ${r.status} an incomplete export`;
  // The decision API fails closed on an internal error (200, deny): still an internal error.
  if (/internal error/i.test(r.text)) return `${c.name} → ${r.status} ${r.text.slice(0, 200)}`;
  // A refusal says why, as JSON (the lean routes all answer JSON errors).
  if (r.status >= 400 && r.status !== 404 && r.status !== 405 && r.status !== 413 && r.status !== 431) {
    if (!r.type.includes("json")) return `${c.name} → ${r.status} without a JSON body (${r.type})`;
    if (!/"(message|error_description|detail)"\s*:\s*"[^"]+"/.test(r.text))
      return `${c.name} → ${r.status} without a message: ${r.text.slice(0, 200)}`;
  }
  return null;
}

beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
  const human = await makePerson();
  const { basic } = await makeBoundedAgent({ sponsorId: human.id });
  tokens.pep = `Bearer ${await newToken()}`;
  const collector = await createApiClient(systemCaller("test"), {
    name: `collector ${uid()}`,
    scopes: ["audit:read"],
  });
  tokens.audit = `Bearer ${collector.token}`;
  tokens.scim = `Bearer ${(await createScimToken(`idp-${uid()}`, SYSTEM_ACTOR, null)).token}`;
  tokens.agent = basic;
  const opened = await openHttpSession(server.url, basic);
  expect(opened.status).toBe(201);
  tokens.session = `Bearer ${opened.json.session_token}`;
  const introspector = await createApiClient(systemCaller("test"), {
    name: `introspector ${uid()}`,
    scopes: ["introspect"],
  });
  const [, keyId, secret] = /^triad_([^.]+)\.(.+)$/.exec(introspector.token)!;
  tokens.introspect = `Basic ${Buffer.from(`${keyId}:${secret}`).toString("base64")}`;
  const scimUser = await fetch(`${server.url}/scim/v2/Users`, {
    method: "POST",
    headers: { authorization: tokens.scim, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: [CORE], userName: `hostile-text-${uid()}@example.com` }),
  });
  const userId = ((await scimUser.json()) as { id: string }).id;
  const scimGroup = await fetch(`${server.url}/scim/v2/Groups`, {
    method: "POST",
    headers: { authorization: tokens.scim, "content-type": "application/scim+json" },
    body: JSON.stringify({ schemas: [GROUP], displayName: `hostile-text-${uid()}` }),
  });
  const groupId = ((await scimGroup.json()) as { id: string }).id;
  const subject = { type: "human", id: human.id };
  const resource = { type: "entitlement", id: crypto.randomUUID() };

  const json = (name: string, path: string, auth: Auth, template: Record<string, unknown>, method = "POST") =>
    jsonVariants(template).map((v) => ({
      name: `${method} ${path} ${name} ${v.label}`,
      method,
      path,
      auth,
      body: v.body,
    }));
  const form = (path: string, auth: Auth, fields: Record<string, string>) =>
    formVariants(fields).map((v) => ({
      name: `POST ${path} form ${v.label}`,
      method: "POST",
      path,
      auth,
      body: v.body,
      type: "application/x-www-form-urlencoded",
    }));
  const query = (path: string, auth: Auth, params: Record<string, string>, method = "GET") =>
    Object.keys(params).flatMap((key) =>
      QUERY_VALUES.map((v) => {
        const rest = Object.entries(params)
          .filter(([k]) => k !== key)
          .map(([k, x]) => `${k}=${x}`);
        return {
          name: `${method} ${path}?${key}=${v.slice(0, 12)}`,
          method,
          path: `${path}?${[...rest, `${key}=${v}`].join("&")}`,
          auth,
        };
      }),
    );
  const segments = (prefix: string, auth: Auth, method = "GET") =>
    SEGMENTS.map((s) => ({
      name: `${method} ${prefix}/${s.slice(0, 12)}`,
      method,
      path: `${prefix}/${s}`,
      auth,
    }));

  const page = { token: crypto.randomUUID(), limit: 10 };
  // A page token that is not one Triad gave out.
  const foreignTokens = ["x", "zzzz", "\u00e9", "1e21"].flatMap((token) =>
    ["subject", "resource"].map((kind) => ({
      name: `POST /access/v1/search/${kind} page.token=${token}`,
      method: "POST",
      path: `/access/v1/search/${kind}`,
      auth: "pep" as const,
      body: JSON.stringify({
        subject: kind === "subject" ? { type: "human" } : subject,
        action: { name: "readData" },
        resource: kind === "subject" ? resource : { type: "entitlement" },
        page: { token },
      }),
    })),
  );
  const mcp = (name: string, args: Record<string, unknown>) => ({
    jsonrpc: "2.0",
    id: 1,
    method: "tools/call",
    params: { name, arguments: args },
  });
  cases = [
    // The decision API (AuthZEN).
    ...foreignTokens,
    ...json("", "/access/v1/evaluation", "pep", {
      subject,
      action: { name: "readData" },
      resource,
      context: { task: "t", n: 1 },
    }),
    ...json("", "/access/v1/evaluations", "pep", {
      subject,
      action: { name: "readData" },
      evaluations: [{ resource }],
      options: { evaluations_semantic: "execute_all" },
    }),
    ...json("", "/access/v1/search/subject", "pep", {
      subject: { type: "human" },
      action: { name: "readData" },
      resource,
      page,
    }),
    ...json("", "/access/v1/search/resource", "pep", {
      subject,
      action: { name: "readData" },
      resource: { type: "entitlement" },
      page,
    }),
    ...json("", "/access/v1/search/resource", "pep", {
      subject,
      action: { name: "readData" },
      resource: { type: "resource" },
      page,
    }),
    ...json("", "/access/v1/search/action", "pep", { subject, resource, page }),
    ...query("/.well-known/authzen-configuration", "none", { x: "1" }),
    ...query("/.well-known/jwks.json", "none", { x: "1" }),
    ...query("/.well-known/triad-ledger-key", "none", { x: "1" }),
    // Tokens, introspection, revocation.
    ...form("/api/v1/tokens", "agent", {
      grant_type: "client_credentials",
      audience: AUD,
      scope: "tickets:read",
      expires_in: "300",
    }),
    ...json("", "/api/v1/tokens", "agent", {
      grant_type: "client_credentials",
      audience: AUD,
      scope: "tickets:read",
      expires_in: 300,
    }),
    ...form("/api/v1/introspect", "introspect", { token: "eyJhbGciOiJFUzI1NiJ9.e30.x" }),
    ...json("", "/api/v1/introspect", "introspect", { token: "eyJhbGciOiJFUzI1NiJ9.e30.x" }),
    ...form("/api/v1/tokens/revoke", "introspect", { token: "eyJhbGciOiJFUzI1NiJ9.e30.x" }),
    // Forged tokens wherever a token is read, and ids that pass a pattern but are not uuids.
    ...FORGED_JWTS.flatMap((token): Case[] => [
      ...(["/api/v1/introspect", "/api/v1/tokens/revoke"] as const).map((path) => ({
        name: `${path} forged ${token.slice(0, 20)}`,
        method: "POST",
        path,
        auth: "introspect" as const,
        body: new URLSearchParams({ token }).toString(),
        type: "application/x-www-form-urlencoded",
      })),
      {
        name: `token exchange forged ${token.slice(0, 20)}`,
        method: "POST",
        path: "/api/v1/tokens",
        auth: "agent",
        body: new URLSearchParams({
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: token,
          subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
          actor_token: token,
          actor_token_type: "urn:ietf:params:oauth:token-type:jwt",
          audience: AUD,
        }).toString(),
        type: "application/x-www-form-urlencoded",
      },
      {
        name: `MCP Bearer forged ${token.slice(0, 20)}`,
        method: "POST",
        path: "/mcp",
        auth: "none",
        authorization: `Bearer ${token}`,
        body: JSON.stringify(mcp("my_grants", {})),
      },
      {
        name: `decision API Bearer forged ${token.slice(0, 20)}`,
        method: "POST",
        path: "/access/v1/evaluation",
        auth: "none",
        authorization: `Bearer ${token}`,
        body: JSON.stringify({ subject, action: { name: "readData" }, resource }),
      },
      {
        name: `agent session subject_token forged ${token.slice(0, 20)}`,
        method: "POST",
        path: "/api/v1/agent-sessions",
        auth: "agent",
        body: JSON.stringify({ task: "triage", subject_token: token }),
      },
    ]),
    ...["-".repeat(36), "a".repeat(36), "ffffffff-ffff-ffff-ffff-fffffffffffff"].map((id) => ({
      name: `POST /api/v1/proposals/credential proposal_id=${id}`,
      method: "POST",
      path: "/api/v1/proposals/credential",
      auth: "session" as const,
      body: JSON.stringify({ proposal_id: id }),
    })),
    ...["not-a-uuid", "-".repeat(36), "%00"].map((id) => ({
      name: `POST /api/v1/tokens on_behalf_of=${id}`,
      method: "POST",
      path: "/api/v1/tokens",
      auth: "agent" as const,
      body: `grant_type=client_credentials&audience=${encodeURIComponent(AUD)}&on_behalf_of=${id}`,
      type: "application/x-www-form-urlencoded",
    })),
    // Agent sessions and proposals.
    ...json("", "/api/v1/agent-sessions", "agent", { task: "triage tickets", ttl_minutes: 30 }),
    ...form("/api/v1/agent-sessions", "agent", { task: "triage tickets", ttl_minutes: "30" }),
    ...json("", "/api/v1/proposals/credential", "session", { proposal_id: crypto.randomUUID() }),
    ...json("", "/api/v1/proposals/approve", "session", { proposal_id: crypto.randomUUID() }),
    // MCP.
    ...json("search_decisions", "/mcp", "agent", mcp("search_decisions", { limit: 5 })),
    ...json(
      "check_access",
      "/mcp",
      "agent",
      mcp("check_access", {
        action: "invokeTool",
        resource: { type: "tool", id: "tickets" },
        operation: "read",
        arguments: { n: 1, s: "s" },
        reason: "because",
      }),
    ),
    ...json(
      "propose_access",
      "/mcp",
      "agent",
      mcp("propose_access", {
        action: "invokeTool",
        resource: { type: "tool", id: "tickets" },
        operation: "close",
        arguments: { n: 1 },
        reason: "because I must",
      }),
    ),
    // GET /mcp opens an event stream that stays open: hostile addresses go to DELETE.
    ...query("/mcp", "agent", { x: "1" }, "DELETE"),
    // The decision log for collectors.
    ...query("/api/v1/decisions", "audit", {
      window: "24h",
      resource: "r",
      reason: "x",
      size: "10",
      cursor: "MS4y",
      format: "json",
    }),
    // Every filter field, one at a time, each hostile value (ids that are not uuids among them).
    ...FILTER_FIELDS.flatMap((field) =>
      [...QUERY_VALUES, "not-a-uuid", "!not-a-uuid", "!%00"].map((v) => ({
        name: `GET /api/v1/decisions?${field}=${v.slice(0, 12)}`,
        method: "GET",
        path: `/api/v1/decisions?window=24h&${field}=${v}`,
        auth: "audit" as const,
      })),
    ),
    ...query("/api/v1/decisions", "audit", { from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
    // Dates JavaScript takes and PostgreSQL does not; a cursor whose seq is past bigint.
    ...FAR_DATES.flatMap((d) =>
      ["json", "jsonl&stream=1"].map((format) => ({
        name: `GET /api/v1/decisions?from=${d} format=${format}`,
        method: "GET",
        path: `/api/v1/decisions?format=${format}&from=${encodeURIComponent(d)}&to=${encodeURIComponent(nextDay(d))}`,
        auth: "audit" as const,
      })),
    ),
    ...[BIG_SEQ_CURSOR, FAR_AT_CURSOR].map((cursor) => ({
      name: `GET /api/v1/decisions?cursor=${cursor}`,
      method: "GET",
      path: `/api/v1/decisions?window=24h&cursor=${cursor}`,
      auth: "audit" as const,
    })),
    // SCIM.
    ...json("", "/scim/v2/Users", "scim", {
      schemas: [CORE],
      userName: `h-${uid()}@example.com`,
      name: { givenName: "A", familyName: "B" },
      emails: [{ value: "a@example.com", type: "work", primary: true }],
      active: true,
      externalId: "e1",
    }),
    ...json("", "/scim/v2/Groups", "scim", { schemas: [GROUP], displayName: `g-${uid()}`, externalId: "g1" }),
    ...json(
      "patch",
      `/scim/v2/Users/${userId}`,
      "scim",
      {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "replace", path: "title", value: "Engineer" }],
      },
      "PATCH",
    ),
    ...["-".repeat(36), "a".repeat(36), "\u0000".repeat(36)].map((id) => ({
      name: `PATCH /scim/v2/Groups members[value eq "${id.slice(0, 4)}…"]`,
      method: "PATCH",
      path: `/scim/v2/Groups/${groupId}`,
      auth: "scim" as const,
      body: JSON.stringify({
        schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
        Operations: [{ op: "remove", path: `members[value eq "${id}"]` }],
      }),
    })),
    ...json(
      "put",
      `/scim/v2/Users/${userId}`,
      "scim",
      { schemas: [CORE], userName: `h-${uid()}@example.com`, active: true },
      "PUT",
    ),
    ...query("/scim/v2/Users", "scim", {
      startIndex: "1",
      count: "5",
      filter: encodeURIComponent('userName eq "x"'),
      sortBy: "userName",
      sortOrder: "ascending",
      attributes: "userName",
      excludedAttributes: "emails",
    }),
    ...query("/scim/v2/Groups", "scim", {
      startIndex: "1",
      count: "5",
      filter: encodeURIComponent('displayName eq "x"'),
      attributes: "members",
    }),
    ...query(`/scim/v2/Users/${userId}`, "scim", { attributes: "userName" }),
    // Filter values that parse but that a column cannot take.
    ...[
      ["Users", 'userName eq "a\u0000b"'],
      ["Users", 'emails.value co "\u0000"'],
      ["Users", 'id eq "not-a-uuid"'],
      ["Users", "externalId eq 1e21"],
      ["Users", "active eq 1e21"],
      ["Users", "userName eq 1e309"],
      ["Users", 'meta.lastModified gt "-271821-04-20T00:00:00Z"'],
      ["Users", 'meta.created ge "+275760-09-12T00:00:00Z"'],
      ["Users", 'meta.lastModified gt "1e21"'],
      ["Users", `userName eq "${"x".repeat(5000)}"`],
      ["Groups", 'members.value eq "not-a-uuid"'],
      ["Groups", 'id eq "\u0000"'],
      ["Groups", "displayName eq 1e21"],
      ["Groups", 'meta.lastModified lt "-271821-04-20T00:00:00Z"'],
    ].map(([resource, filter]) => ({
      name: `GET /scim/v2/${resource}?filter=${filter.slice(0, 40)}`,
      method: "GET",
      path: `/scim/v2/${resource}?filter=${encodeURIComponent(filter)}`,
      auth: "scim" as const,
    })),
    ...segments("/scim/v2/Users", "scim"),
    ...segments("/scim/v2/Users", "scim", "DELETE"),
    ...segments("/scim/v2/Groups", "scim"),
    ...segments("/scim/v2/Schemas", "scim"),
    ...segments("/scim/v2/ResourceTypes", "scim"),
    ...segments("/scim/v2", "scim"),
    ...segments("/api/v1/decisions", "audit"),
  ];
  const roles = Object.keys(ROLE_PERMISSIONS) as Role[];
  consoleCookie = await sessionCookie((await makeUser(roles)).user.id);
});
afterAll(async () => {
  setRequestCookies("");
  await server?.close();
});

describe("hostile text on every lean route", () => {
  it(
    "answers every hostile request with a 4xx and a message, never a 500 or a stack trace",
    { timeout: 120_000 },
    async () => {
      const wrong: string[] = [];
      // A few at a time: fast, and still far below any pool limit.
      for (let i = 0; i < cases.length; i += 8) {
        const batch = cases.slice(i, i + 8);
        const results = await Promise.all(batch.map(send));
        batch.forEach((c, j) => {
          const w = bad(c, results[j]);
          if (w) wrong.push(w);
        });
      }
      expect(cases.length).toBeGreaterThan(900);
      expect(wrong).toEqual([]);
      // Each answer within two seconds: a hostile value must not make a request crawl either.
      expect(slow).toEqual([]);
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    },
  );

  it("treats NUL or a lone surrogate in credentials as unknown credentials", async () => {
    const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
    const wrong: string[] = [];
    const credentialCases: Case[] = [
      {
        name: "Basic id\\0:secret on /api/v1/tokens",
        method: "POST",
        path: "/api/v1/tokens",
        auth: "none",
        body: "grant_type=client_credentials",
        type: "application/x-www-form-urlencoded",
      },
      { name: "Basic %00 on /mcp", method: "POST", path: "/mcp", auth: "none", body: "{}" },
      {
        name: "Basic id:%ED%A0%80 on /api/v1/agent-sessions",
        method: "POST",
        path: "/api/v1/agent-sessions",
        auth: "none",
        body: '{"task":"abc"}',
      },
    ];
    const auths = [basic("a\u0000b:c"), basic("a%00b:c%00"), basic("a:%ED%A0%80")];
    for (const [i, c] of credentialCases.entries()) {
      tokens.none = auths[i];
      const w = bad(c, await send(c));
      if (w) wrong.push(w);
    }
    tokens.none = null;
    // Body credentials (client_id/client_secret) with NUL.
    const viaBody: Case = {
      name: "client_id with NUL in the form",
      method: "POST",
      path: "/api/v1/tokens",
      auth: "none",
      body: "grant_type=client_credentials&client_id=a%00&client_secret=b%00",
      type: "application/x-www-form-urlencoded",
    };
    const w = bad(viaBody, await send(viaBody));
    if (w) wrong.push(w);
    // A NUL byte inside a bearer token never reaches a handler: node's parser refuses the header.
    const raw = await rawRequest(
      `GET /api/v1/decisions?window=24h HTTP/1.1\r\nhost: x\r\nauthorization: Bearer triad_abc\u0000def\r\nconnection: close\r\n\r\n`,
    );
    expect(raw).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect(wrong).toEqual([]);
  });
});

describe("hostile text on the Next.js route handlers", () => {
  type Handler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
  const routes: Record<string, () => Promise<unknown>> = {
    "audit/export": () => import("@/app/api/audit/export/route"),
    "audit/decisions": () => import("@/app/api/audit/decisions/route"),
    "audit/evidence": () => import("@/app/api/audit/evidence/route"),
    "inventory/export": () => import("@/app/api/inventory/export/route"),
    "inventory/import": () => import("@/app/api/inventory/import/route"),
    "inventory/import/[id]": () => import("@/app/api/inventory/import/[id]/route"),
  };
  const route = async (file: string) => (await routes[file]()) as Record<string, Handler>;

  it(
    "answers each with a 4xx and a message, or a whole export, never a 500 or a broken stream",
    { timeout: 120_000 },
    async () => {
      setRequestCookies(consoleCookie);
      const origin = "http://localhost:3000";
      const far = [...FAR_DATES, "+275760-09-13T00:00:00Z", "1e21", "%00"].map(encodeURIComponent);
      const get: Array<[string, string]> = [
        ...QUERY_VALUES.flatMap((v): Array<[string, string]> => [
          ["audit/export", `q=${v}`],
          ["audit/export", `page=${v}&size=${v}`],
          ["audit/export", `cursor=${v}&sort=${v}`],
          ["audit/export", `action=${v}&actorKind=${v}`],
          ["audit/decisions", `window=24h&resource=${v}`],
          ["audit/decisions", `window=24h&format=${v}`],
          ["audit/decisions", `window=${v}`],
          ["audit/evidence", `from=${v}&to=2026-11-02T00:00:00Z`],
          ["inventory/export", `q=${v}`],
          ["inventory/export", `platform=${v}`],
          ["inventory/export", `view=${v}&page=${v}&size=${v}`],
          ["inventory/export", `sort=${v}&cursor=${v}`],
        ]),
        ...far.flatMap((d): Array<[string, string]> => [
          ["audit/decisions", `from=${d}&to=${d}`],
          ["audit/evidence", `from=${d}&to=${d}`],
          ["audit/evidence", `from=${d}&to=2026-11-02T00:00:00Z`],
        ]),
        // Keyset cursors that decode but hold an id or a value the columns cannot take.
        ...[
          { v: "a", id: "-".repeat(36) },
          { v: "a\u0000b", id: crypto.randomUUID() },
          { v: 1e21, id: crypto.randomUUID() },
          { v: "-271821-04-20T00:00:00Z", id: crypto.randomUUID() },
        ].flatMap((c): Array<[string, string]> =>
          ["displayName.asc", "riskScore.desc", "createdAt.desc"].map((sort) => [
            "inventory/export",
            `sort=${sort}&cursor=${Buffer.from(JSON.stringify(c)).toString("base64url")}`,
          ]),
        ),
        // A one-day window at each far date: past the window checks, into the query.
        ...FAR_DATES.flatMap((d): Array<[string, string]> => {
          const window = `from=${encodeURIComponent(d)}&to=${encodeURIComponent(nextDay(d))}`;
          return [
            ["audit/decisions", window],
            ["audit/decisions", `${window}&format=csv`],
            ["audit/evidence", window],
          ];
        }),
      ];
      const wrong: string[] = [];
      for (const [file, search] of get) {
        const { GET } = await route(file);
        const res = await GET(new Request(`${origin}/api/${file}?${search}`), {
          params: Promise.resolve({ id: "" }),
        });
        const w = await check(`GET /api/${file}?${search.slice(0, 60)}`, res);
        if (w) wrong.push(w);
      }
      const { POST } = await route("inventory/import");
      const csv = "externalId,displayName,platform\nx1,Name,AWS\n";
      for (const v of QUERY_VALUES)
        for (const search of [
          `kind=nhis&mode=preview&filename=${v}`,
          `kind=${v}&mode=preview`,
          `kind=nhis&mode=commit&job=${v}`,
        ]) {
          const res = await POST(
            new Request(`${origin}/api/inventory/import?${search}`, { method: "POST", body: csv }),
            {
              params: Promise.resolve({ id: "" }),
            },
          );
          const w = await check(`POST /api/inventory/import?${search.slice(0, 60)}`, res);
          if (w) wrong.push(w);
        }
      const job = await route("inventory/import/[id]");
      for (const id of ["\u0000", "a\u0000b", "\ud800", "__proto__", "x".repeat(5000)]) {
        const res = await job.GET(new Request(`${origin}/api/inventory/import/x`), {
          params: Promise.resolve({ id }),
        });
        const w = await check(`GET /api/inventory/import/${JSON.stringify(id.slice(0, 8))}`, res);
        if (w) wrong.push(w);
      }
      expect(wrong).toEqual([]);
    },
  );

  async function check(name: string, res: Response): Promise<string | null> {
    let text: string;
    try {
      text = await Promise.race([
        res.text(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no end in 5 s")), 5_000)),
      ]);
    } catch (error) {
      return `${name} → ${res.status}, then the stream broke: ${(error as Error).message}`;
    }
    return bad({ name }, { status: res.status, text, type: res.headers.get("content-type") ?? "" });
  }
});
