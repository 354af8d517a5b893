import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeHuman, uid } from "../support/factories";
import { newToken, poster, startLeanServer } from "./authzen-helpers";

let server: Awaited<ReturnType<typeof startLeanServer>>;
let post: ReturnType<typeof poster>;
let holder: string;
let held: string;
let notHeld: string;

beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
  post = poster(server.url, await newToken("search PEP"));
  holder = (await makeHuman()).id;
  const r = await db.resource.create({
    data: { name: `search-${uid()}`, kind: "DATASET", externalId: uid(), sourceSystem: "test" },
  });
  held = (await db.entitlement.create({ data: { resourceId: r.id, name: "read" } })).id;
  notHeld = (await db.entitlement.create({ data: { resourceId: r.id, name: "write" } })).id;
  await db.grant.create({ data: { actorId: holder, entitlementId: held, source: "BIRTHRIGHT" } });
});
afterAll(() => server.close());

type Results = { results: { type?: string; id?: string; name?: string }[]; page: { next_token: string } };

describe("AuthZEN search APIs", () => {
  it("action search lists what the subject may do on the resource", async () => {
    const r = await post("/access/v1/search/action", {
      subject: { type: "human", id: holder },
      resource: { type: "entitlement", id: held },
    });
    expect(r.status).toBe(200);
    const names = (r.json as unknown as Results).results.map((x) => x.name);
    expect(names).toEqual(expect.arrayContaining(["readData", "writeData", "request", "approve"]));
    expect(names).not.toContain("invokeTool");
  });

  it("resource search finds the held entitlement and not the other one", async () => {
    let token = "";
    const found: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await post("/access/v1/search/resource", {
        subject: { type: "human", id: holder },
        action: { name: "readData" },
        resource: { type: "entitlement" },
        page: { limit: 100, ...(token ? { token } : {}) },
      });
      const json = r.json as unknown as Results;
      found.push(...json.results.map((x) => x.id!));
      token = json.page.next_token;
      if (!token) break;
    }
    expect(found).toContain(held);
    expect(found).not.toContain(notHeld);
  });

  it("subject search finds the holder of an entitlement", async () => {
    let token = "";
    const found: string[] = [];
    for (let i = 0; i < 50; i++) {
      const r = await post("/access/v1/search/subject", {
        subject: { type: "human" },
        action: { name: "readData" },
        resource: { type: "entitlement", id: held },
        page: { limit: 200, ...(token ? { token } : {}) },
      });
      const json = r.json as unknown as Results;
      found.push(...json.results.map((x) => x.id!));
      token = json.page.next_token;
      if (!token) break;
    }
    expect(found).toEqual([holder]);
    expect(await db.logEntry.count({ where: { action: "decision.searched" } })).toBeGreaterThan(0);
  });

  it("400 for an unknown action in a search", async () => {
    const r = await post("/access/v1/search/subject", {
      subject: { type: "human" },
      action: { name: "fly" },
      resource: { type: "entitlement", id: held },
    });
    expect(r.status).toBe(400);
  });
});
