import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createActorClient } from "@/lib/tokens/clients";
import { issueToken } from "@/lib/tokens/issue";
import { introspectToken } from "@/lib/tokens/introspect";
import { publicJwks, rotateSigningKey } from "@/lib/tokens/keys";
import { tokenRoutes } from "@/lib/tokens/http";
import { forgetBlocked, LIMITS } from "@/lib/auth/rate-limit";
import { makeNhi, makePerson } from "./ownership-support";

const AUD = "https://ledger.internal";
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const route = tokenRoutes.find((r) => r.method === req.method && r.path === req.url);
    if (!route) return void res.writeHead(404).end();
    void route.handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function nhiClient(scopes: string[] = []) {
  const owner = await makePerson();
  const nhi = await makeNhi({ ownerId: owner.id, rotationDueAt: new Date(Date.now() + 30 * 86_400_000) });
  return createActorClient({ actorId: nhi.id, audiences: [AUD], scopes });
}
const basic = (c: { clientId: string; clientSecret: string }) =>
  `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString("base64")}`;
const post = (path: string, auth: string, form: Record<string, string>) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form),
  });

describe("token endpoint hardening", () => {
  it("introspection needs the introspect scope", async () => {
    const holder = await nhiClient();
    const token = await issueToken(holder, { grant_type: "client_credentials", audience: AUD });
    if (!token.ok) throw new Error(token.description);
    expect((await post("/api/v1/introspect", basic(holder), { token: token.accessToken })).status).toBe(403);
    const gateway = await nhiClient(["introspect"]);
    const r = await post("/api/v1/introspect", basic(gateway), { token: token.accessToken });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ active: true });
  });

  it("a rotation for compromise withdraws the old key and its tokens at once", async () => {
    const c = await nhiClient();
    const before = await issueToken(c, { grant_type: "client_credentials", audience: AUD });
    if (!before.ok) throw new Error(before.description);
    expect((await introspectToken(before.accessToken)).active).toBe(true);
    const oldKids = (await publicJwks()).keys.map((k) => k.kid);
    const { row } = await rotateSigningKey({ compromised: true });
    expect((await publicJwks()).keys.map((k) => k.kid)).toEqual([row.kid]);
    expect(oldKids).not.toContain(row.kid);
    expect((await introspectToken(before.accessToken)).active).toBe(false);
    const after = await issueToken(c, { grant_type: "client_credentials", audience: AUD });
    if (!after.ok) throw new Error(after.description);
    expect((await introspectToken(after.accessToken)).active).toBe(true);
  });

  it("answers 429 after too many failed client authentications from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.token.points + 2; i++) {
      statuses.push(
        (
          await post("/api/v1/tokens", "Basic " + Buffer.from("tc_nobody:wrong").toString("base64"), {
            grant_type: "client_credentials",
            audience: AUD,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, LIMITS.token.points)).toEqual(Array(LIMITS.token.points).fill(401));
    expect(statuses.at(-1)).toBe(429);
    forgetBlocked();
    // Other files share this database within the minute: give 127.0.0.1 its budget back.
    await db.rateLimit.deleteMany({ where: { key: { startsWith: "token:" } } });
  });
});
