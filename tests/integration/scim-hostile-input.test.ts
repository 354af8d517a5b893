import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { verifyLedger } from "@/lib/ledger/verify";
import { uid } from "@/tests/support/factories";
import { newToken } from "./authzen-helpers";
import { patchOps, scimClient } from "./scim-helpers";

// Issue 8 item 1: hostile input answers 4xx on every API, never reaches Object.prototype, and
// the ledger stays verifiable whatever characters arrive.

let client: Awaited<ReturnType<typeof scimClient>>;
let userId: string;

beforeAll(async () => {
  client = await scimClient();
  userId = (await client.call("POST", "/Users", { userName: `hostile-${uid()}@example.com` })).body
    .id as string;
});
afterAll(async () => client.close());

const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${client.url}${path}`, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", ...headers },
  });

describe("prototype pollution through SCIM", () => {
  it("refuses __proto__, constructor and prototype in paths and value keys with a SCIM 400", async () => {
    const attempts = [
      { op: "add", path: "__proto__.ticket", value: "x" },
      { op: "add", path: "constructor.prototype", value: { ticket: "x" } },
      { op: "replace", path: 'emails[type eq "work"].__proto__', value: "x" },
      { op: "add", path: "name.constructor", value: "x" },
      { op: "add", path: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:__proto__", value: "x" },
    ];
    for (const op of attempts) {
      const r = await client.call("PATCH", `/Users/${userId}`, patchOps(op));
      expect(r.status, JSON.stringify(op)).toBe(400);
      expect(r.body.scimType).toBe("invalidPath");
    }
    for (const body of [
      '{"Operations":[{"op":"add","value":{"__proto__":{"ticket":"x"}}}]}',
      '{"Operations":[{"op":"add","value":{"name":{"constructor":{"prototype":{"ticket":"x"}}}}}]}',
      '{"userName":"p@example.com","prototype":1}',
    ]) {
      const r = await client.call(
        body.includes("userName") ? "POST" : "PATCH",
        body.includes("userName") ? "/Users" : `/Users/${userId}`,
        body,
      );
      expect(r.status, body).toBe(400);
      expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
    expect(({} as Record<string, unknown>).ticket).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, "ticket")).toBe(false);
    // Still serving.
    expect((await client.call("GET", `/Users/${userId}`)).status).toBe(200);
  });
});

describe("invalid strings get a 400 on every API", () => {
  it("SCIM: a lone surrogate in a create or a patch, invalid UTF-8 bytes", async () => {
    const r = await client.call("POST", "/Users", '{"userName":"lone-\\ud800@example.com"}');
    expect(r).toMatchObject({ status: 400, body: { scimType: "invalidValue" } });
    const p = await client.call(
      "PATCH",
      `/Users/${userId}`,
      '{"Operations":[{"op":"replace","path":"title","value":"\\udc00"}]}',
    );
    expect(p.status).toBe(400);
    const bytes = await fetch(`${client.url}/scim/v2/Users`, {
      method: "POST",
      body: new Uint8Array([0x7b, 0x22, 0x75, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      headers: { authorization: `Bearer ${client.token}` },
    });
    expect(bytes.status).toBe(400);
    const f = await client.call("GET", `/Users?filter=${encodeURIComponent('userName eq "\\ud800"')}`);
    expect(f).toMatchObject({ status: 400, body: { scimType: "invalidFilter" } });
  });

  it("the decision API and the token endpoint", async () => {
    const token = await newToken(`hostile-${uid()}`);
    const body =
      '{"subject":{"type":"human","id":"\\ud800"},"action":{"name":"readData"},"resource":{"type":"resource","id":"r"}}';
    const d = await raw("/access/v1/evaluation", body, { authorization: `Bearer ${token}` });
    expect(d.status).toBe(400);
    expect(await d.json()).toMatchObject({
      error: "invalid_request",
      message: expect.stringMatching(/surrogate/),
    });
    const t = await raw(
      "/api/v1/tokens",
      '{"grant_type":"client_credentials","client_id":"\\udfff","client_secret":"x"}',
    );
    expect(t.status).toBe(400);
    expect(await t.json()).toMatchObject({ error: "invalid_request" });
    const bad = await fetch(`${client.url}/api/v1/tokens`, {
      method: "POST",
      body: new Uint8Array([0x61, 0x3d, 0xff]),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(bad.status).toBe(400);
  });
});

describe("SCIM body size and links", () => {
  it("stops reading a body past the cap, declared or streamed", async () => {
    const big = JSON.stringify({ userName: "x@example.com", title: "x".repeat(2_100_000) });
    expect((await client.call("POST", "/Users", big)).status).toBe(413);
    const chunks = new ReadableStream({
      start(c) {
        for (let i = 0; i < 30; i++) c.enqueue(new TextEncoder().encode(" ".repeat(100_000)));
        c.close();
      },
    });
    const res = await fetch(`${client.url}/scim/v2/Users`, {
      method: "POST",
      body: chunks,
      duplex: "half",
      headers: { "content-type": "application/scim+json", authorization: `Bearer ${client.token}` },
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it("ignores X-Forwarded-Host unless TRIAD_TRUSTED_PROXY is set", async () => {
    const r = await client.call("GET", `/Users/${userId}`, undefined, {
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "https",
    });
    expect((r.body.meta as { location: string }).location).toBe(`${client.url}/scim/v2/Users/${userId}`);
  });
});

describe("the ledger stays verifiable whatever characters arrive", () => {
  it("stores lone surrogates and NUL as U+FFFD, and the chain verifies from the stored rows", async () => {
    const target = `hostile:${uid()}`;
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { ...SYSTEM_ACTOR, name: "lone \ud800 name" },
        action: "test.hostile",
        target,
        details: { ["key\udc00"]: "value \ud83d end", nul: "a\u0000b", fine: "😀" },
      }),
    );
    const row = await db.logEntry.findFirstOrThrow({ where: { target } });
    expect(row.actorName).toBe("lone \uFFFD name");
    expect(row.details).toEqual({ "key\uFFFD": "value \uFFFD end", nul: "a\uFFFDb", fine: "😀" });
    const result = await verifyLedger(row.seq - 1n > 0n ? row.seq - 1n : 1n);
    expect(result.ok).toBe(true);
  });
});
