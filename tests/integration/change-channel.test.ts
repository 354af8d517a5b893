import { systemCaller } from "@/lib/actions/caller";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ChangeCache } from "@/lib/changes/cache";
import type { Change, ChangeTopic } from "@/lib/changes/channel";
import {
  changeListenerStatus,
  changesAreLive,
  onChange,
  startChangeListener,
  stopChangeListener,
} from "@/lib/changes/listen";
import { createApiClient, revokeApiClient } from "@/lib/api-clients/mutations";
import { rotateSigningKey } from "@/lib/tokens/keys";
import { makeActor, makeHuman, uid } from "../support/factories";

// Every change that affects a decision is announced in its own transaction, whoever writes it:
// the tables announce themselves by trigger, so raw SQL and code written later are covered too.

const heard: Change[] = [];
const TOPICS: ChangeTopic[] = [
  "api-client",
  "policy",
  "grant",
  "actor",
  "resource",
  "session",
  "signing-key",
  "agent-session",
];

async function expectHeard(topic: ChangeTopic, change: () => Promise<unknown>) {
  heard.length = 0;
  await change();
  await expect.poll(() => heard.some((c) => c.topic === topic), { timeout: 2_000, interval: 5 }).toBe(true);
}

beforeAll(async () => {
  for (const topic of TOPICS) onChange(topic, (c) => heard.push(c));
  await startChangeListener();
});
afterAll(() => stopChangeListener());

describe("change channel", () => {
  it("is live once started and counts its listeners per topic", () => {
    expect(changesAreLive()).toBe(true);
    expect(changeListenerStatus().handlers.grant).toBeGreaterThanOrEqual(1);
  });

  it("announces API clients, grants, actors, resources, sessions, signing keys and policies", async () => {
    const client = await createApiClient(systemCaller(), {
      name: `chan-${uid()}`,
      scopes: ["access:evaluate"],
    });
    await expectHeard("api-client", () => revokeApiClient(systemCaller(), { id: client.id }));

    const human = await makeHuman();
    await expectHeard("actor", () =>
      db.actor.update({ where: { id: human.id }, data: { status: "SUSPENDED" } }),
    );
    await expectHeard(
      "actor",
      () =>
        db.$executeRaw`UPDATE "HumanProfile" SET department = 'Finance' WHERE "actorId" = ${human.id}::uuid`,
    );

    const resource = await db.resource.create({
      data: { name: `chan-${uid()}`, kind: "APPLICATION", externalId: `chan-${uid()}`, sourceSystem: "test" },
    });
    const entitlement = await db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } });
    await expectHeard("resource", () =>
      db.entitlement.update({ where: { id: entitlement.id }, data: { privileged: true } }),
    );
    await expectHeard("grant", () =>
      db.grant.create({ data: { actorId: human.id, entitlementId: entitlement.id, source: "IMPORT" } }),
    );

    const agent = await makeActor("AGENT", { sponsorId: human.id });
    const session = await db.agentSession.create({
      data: { agentId: agent.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    await expectHeard("agent-session", () =>
      db.agentSession.update({ where: { id: session.id }, data: { endedAt: new Date() } }),
    );

    await expectHeard("signing-key", () => rotateSigningKey({ force: true }));
    await expectHeard("policy", () =>
      db.policySet.updateMany({ where: { name: "no such set" }, data: { description: "x" } }),
    );
  });

  it("announces nothing for a transaction that rolls back, nor for an API client's last use", async () => {
    const human = await makeHuman();
    const client = await createApiClient(systemCaller(), {
      name: `chan-${uid()}`,
      scopes: ["access:evaluate"],
    });
    await new Promise((r) => setTimeout(r, 50));
    heard.length = 0;
    await db
      .$transaction(async (tx) => {
        await tx.actor.update({ where: { id: human.id }, data: { status: "SUSPENDED" } });
        throw new Error("roll back");
      })
      .catch(() => undefined);
    await db.apiClient.update({ where: { id: client.id }, data: { lastUsedAt: new Date() } });
    // A later, committed change proves the listener was there to hear the earlier ones.
    await expectHeard(
      "policy",
      () => db.$executeRaw`UPDATE "PolicySet" SET description = description WHERE false`,
    );
    expect(heard.filter((c) => c.topic === "actor" || c.topic === "api-client")).toEqual([]);
  });

  it("announces nothing for an agent session's call counters or an agent's last activity", async () => {
    const human = await makeHuman();
    const agent = await makeActor("AGENT", { sponsorId: human.id });
    const session = await db.agentSession.create({
      data: { agentId: agent.id, expiresAt: new Date(Date.now() + 60_000) },
    });
    await new Promise((r) => setTimeout(r, 50));
    heard.length = 0;
    await db.agentSession.update({ where: { id: session.id }, data: { calls: 5, denies: 1 } });
    await db.agentProfile.update({ where: { actorId: agent.id }, data: { lastActiveAt: new Date() } });
    await expectHeard(
      "policy",
      () => db.$executeRaw`UPDATE "PolicySet" SET description = description WHERE false`,
    );
    expect(heard.filter((c) => c.topic === "actor" || c.topic === "agent-session")).toEqual([]);
  });

  it("the agent profile announces every column but its last activity (a new column must be added to the trigger)", async () => {
    const rows = await db.$queryRaw<Array<{ column: string; announced: boolean }>>`
      SELECT c.attname AS column, c.attnum = ANY(t.tgattr::int2[]) AS announced
      FROM pg_trigger t JOIN pg_attribute c ON c.attrelid = t.tgrelid
      WHERE t.tgname = 'AgentProfile_announce' AND c.attnum > 0 AND NOT c.attisdropped`;
    expect(rows.filter((r) => !r.announced).map((r) => r.column)).toEqual(["lastActiveAt"]);
  });

  it("a grant change names the actors whose grants changed, and a cache drops only their entries", async () => {
    const [a, b] = [await makeHuman(), await makeHuman()];
    const resource = await db.resource.create({
      data: { name: `chan-${uid()}`, kind: "APPLICATION", externalId: `chan-${uid()}`, sourceSystem: "test" },
    });
    const entitlement = await db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } });
    heard.length = 0;
    const grant = await db.grant.create({
      data: { actorId: a.id, entitlementId: entitlement.id, source: "IMPORT" },
    });
    // The insert's own announcement is heard before the cache fills, so it cannot count below.
    const namesA = () => heard.some((c) => c.topic === "grant" && c.actors?.includes(a.id));
    await expect.poll(namesA, { timeout: 2_000, interval: 5 }).toBe(true);
    const cache = new ChangeCache<string>({ topics: ["grant"], actorTopics: ["grant"] });
    await cache.get("a", async () => "a", { actorsOf: () => [a.id] });
    await cache.get("b", async () => "b", { actorsOf: () => [b.id] });
    await cache.get("untagged", async () => "u");
    heard.length = 0;
    await db.grant.update({ where: { id: grant.id }, data: { status: "REVOKED" } });
    await expect.poll(() => cache.peek("a"), { timeout: 2_000, interval: 5 }).toBeUndefined();
    expect(heard.filter((c) => c.topic === "grant")).toEqual([{ topic: "grant", actors: [a.id] }]);
    expect(cache.peek("b")).toBe("b");
    expect(cache.peek("untagged")).toBe("u");

    // A statement that changes no grant announces nothing; a cache without actorTopics drops all.
    const plain = new ChangeCache<string>({ topics: ["grant"] });
    await plain.get("b", async () => "b", { actorsOf: () => [b.id] });
    await db.$executeRaw`UPDATE "Grant" SET status = status WHERE false`;
    await db.grant.update({ where: { id: grant.id }, data: { status: "ACTIVE" } });
    await expect.poll(() => plain.size, { timeout: 2_000, interval: 5 }).toBe(0);
    expect(heard.filter((c) => c.topic === "grant")).toHaveLength(2);
  });

  it("names up to 150 actors a notification, however many grants one statement changes", async () => {
    const people = await Promise.all(Array.from({ length: 320 }, () => makeHuman()));
    const resource = await db.resource.create({
      data: { name: `chan-${uid()}`, kind: "APPLICATION", externalId: `chan-${uid()}`, sourceSystem: "test" },
    });
    const entitlement = await db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } });
    await new Promise((r) => setTimeout(r, 50));
    heard.length = 0;
    await db.grant.createMany({
      data: people.map((p) => ({ actorId: p.id, entitlementId: entitlement.id, source: "IMPORT" as const })),
    });
    const named = () => heard.filter((c) => c.topic === "grant").flatMap((c) => c.actors ?? []);
    await expect.poll(() => named().length, { timeout: 2_000, interval: 5 }).toBe(320);
    expect(new Set(named())).toEqual(new Set(people.map((p) => p.id)));
    expect(heard.filter((c) => c.topic === "grant").map((c) => c.actors?.length)).toEqual([150, 150, 20]);
  });

  it("a cache drops its entries when its topic is announced, and a load that raced a change is not kept", async () => {
    const cache = new ChangeCache<string>({ topics: ["actor"] });
    expect(await cache.get("k", async () => "v1")).toBe("v1");
    expect(await cache.get("k", async () => "v2")).toBe("v1");
    const human = await makeHuman();
    await db.actor.update({ where: { id: human.id }, data: { riskScore: 1 } });
    await expect.poll(() => cache.size, { timeout: 2_000, interval: 5 }).toBe(0);

    let release!: () => void;
    const slow = cache.get("race", () => new Promise<string>((r) => (release = () => r("stale"))));
    await db.actor.update({ where: { id: human.id }, data: { riskScore: 2 } });
    await new Promise((r) => setTimeout(r, 100));
    release();
    expect(await slow).toBe("stale");
    expect(cache.peek("race")).toBeUndefined();
  });
});
