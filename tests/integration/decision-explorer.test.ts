import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemCaller } from "@/lib/actions/caller";
import { db } from "@/lib/db";
import { createApiClient } from "@/lib/api-clients/mutations";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";
import { backfillDecisionRecords } from "@/lib/explorer/backfill";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { parseDecisionFilter } from "@/lib/explorer/filter";
import { decisionFacets, decisionTimeline, listDecisions } from "@/lib/explorer/queries";
import { getDecision, determiningPolicies } from "@/lib/explorer/detail";
import { replayDecision } from "@/lib/explorer/replay";
import { exportStream } from "@/lib/explorer/export";
import {
  detachDecisionPartition,
  sealDecisionPartition,
  verifyDetachedPartition,
} from "@/lib/explorer/partitions";
import { verifyLedger } from "@/lib/ledger/verify";
import { canonicalJson } from "@/lib/ledger/canonical";
import { sha256 } from "@/lib/crypto/tokens";
import { makeHuman, uid } from "../support/factories";
import { startLeanServer } from "./authzen-helpers";

let server: Awaited<ReturnType<typeof startLeanServer>>;
let pepToken: string;
let clientName: string;
let humanId: string;
let agentId: string;
let entitlementId: string;
let privilegedId: string;

async function call(path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, {
    method: body ? "POST" : "GET",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    json = { text };
  }
  return { status: res.status, json, text };
}

const evaluate = (body: unknown, headers?: Record<string, string>) =>
  call("/access/v1/evaluation", pepToken, body, headers);
const mine = (q = "") =>
  parseDecisionFilter(new URLSearchParams(`window=1h&client=${encodeURIComponent(clientName)}${q}`));

beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
  clientName = `explorer PEP ${uid()}`;
  pepToken = (await createApiClient(systemCaller("test"), { name: clientName, scopes: ["access:evaluate"] }))
    .token;
  const human = await makeHuman();
  humanId = human.id;
  const resource = await db.resource.create({
    data: { name: `crm-${uid()}`, kind: "APPLICATION", externalId: uid(), sourceSystem: "test" },
  });
  entitlementId = (await db.entitlement.create({ data: { resourceId: resource.id, name: "reader" } })).id;
  privilegedId = (
    await db.entitlement.create({ data: { resourceId: resource.id, name: "admin", privileged: true } })
  ).id;
  await db.grant.createMany({
    data: [
      { actorId: humanId, entitlementId, source: "BIRTHRIGHT" },
      { actorId: humanId, entitlementId: privilegedId, source: "REQUEST" },
    ],
  });
  const agent = await db.actor.create({
    data: {
      kind: "AGENT",
      displayName: `agent-${uid()}`,
      externalId: uid(),
      sourceSystem: "test",
      agent: {
        create: {
          model: "claude",
          provider: "Anthropic",
          runtime: "test",
          sponsorId: humanId,
          toolAllowList: ["search_docs"],
          autonomyLevel: "BOUNDED_AUTONOMY",
          onBehalfOf: "SPONSOR",
        },
      },
    },
  });
  agentId = agent.id;
});
afterAll(() => server.close());

const human = () => ({ type: "human", id: humanId });
const agent = () => ({ type: "agent", id: agentId });

describe("decision records", () => {
  it("records each decision with its id, trace, request, response and Cedar engine, in the ledger's transaction", async () => {
    const r = await evaluate(
      {
        subject: human(),
        action: { name: "readData" },
        resource: { type: "entitlement", id: entitlementId },
      },
      { traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01" },
    );
    const id = (r.json.context as { decision_id: string }).decision_id;
    const d = await getDecision(BigInt(id));
    expect(d).toMatchObject({
      seq: id,
      decision: "ALLOW",
      subjectId: humanId,
      clientName,
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
    });
    expect(d?.engine).toMatch(/^cedar-wasm \d/);
    expect(d?.entitiesHash).toMatch(/^[0-9a-f]{64}$/);
    expect(d?.ledger?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(d?.request).toMatchObject({ action: { name: "readData" } });
    expect(d?.response).toMatchObject({ decision: true });
  });

  it("keeps roll-up counts equal to the raw counts after concurrent writes", async () => {
    const bodies = Array.from({ length: 60 }, (_, i) =>
      i % 3 === 0
        ? {
            subject: agent(),
            action: { name: "invokeTool" },
            resource: { type: "tool", id: "deploy_prod" },
            context: { onBehalfOf: human() },
          }
        : i % 3 === 1
          ? {
              subject: human(),
              action: { name: "readData" },
              resource: { type: "entitlement", id: entitlementId },
            }
          : {
              subject: agent(),
              action: { name: "invokeTool" },
              resource: { type: "tool", id: "search_docs" },
            },
    );
    const answers = await Promise.all(bodies.map((b) => evaluate(b)));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const raw = await db.$queryRawUnsafe<{ decision: string; kind: string; n: bigint }[]>(
      `SELECT decision, "subjectKind" AS kind, count(*) AS n FROM "DecisionRecord" WHERE "clientName" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      clientName,
    );
    const rolled = await db.$queryRawUnsafe<{ decision: string; kind: string; n: bigint }[]>(
      `SELECT decision, "subjectKind" AS kind, sum(count)::bigint AS n FROM "DecisionHourly" WHERE "clientName" = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      clientName,
    );
    expect(rolled).toEqual(raw);
    expect(raw.reduce((a, r) => a + Number(r.n), 0)).toBe(61);
    const { facets, total } = await decisionFacets(mine());
    expect(total).toBe(61);
    expect(facets.decision?.find((f) => f.value === "DENY")?.count).toBe(20);
    const { buckets } = await decisionTimeline(mine());
    expect(buckets.reduce((a, b) => a + b.allow + b.deny, 0)).toBe(61);
  });

  it("gives the same facet and timeline counts when a long window is split into cached closed hours and the open hour", async () => {
    const f = parseDecisionFilter(new URLSearchParams(`window=7d&client=${encodeURIComponent(clientName)}`));
    const whole = await decisionFacets(f, new Date(f.to.getTime() + 86_400_000));
    for (const minutesBack of [0, 30, 90]) {
      const now = new Date(f.to.getTime() - minutesBack * 60_000);
      const split = await decisionFacets(f, now);
      expect(split.total).toBe(whole.total);
      expect(split.facets.decision).toEqual(whole.facets.decision);
      const t = await decisionTimeline(f, now);
      expect(t.buckets.reduce((a, b) => a + b.allow + b.deny, 0)).toBe(whole.total);
    }
  });

  it("narrows to one agent's denies on behalf of a human and pages by key", async () => {
    const f = mine(`&decision=deny&agent=${agentId}&obo=${humanId}`);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listDecisions>> = await listDecisions(f, { cursor, size: 7 });
      all.push(...page.rows.map((r) => r.seq));
      expect(
        page.rows.every(
          (r) => r.decision === "DENY" && r.subjectId === agentId && r.onBehalfOfId === humanId,
        ),
      ).toBe(true);
      cursor = page.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
    const negated = await listDecisions(mine(`&decision=!deny`), { size: 500 });
    expect(negated.rows.every((r) => r.decision === "ALLOW")).toBe(true);
    expect(negated.rows).toHaveLength(41);
  });

  it("replays a recorded deny under its own version (matches) and under the active set", async () => {
    const [deny] = (await listDecisions(mine(`&decision=deny&agent=${agentId}`), { size: 1 })).rows;
    const replay = await replayDecision(BigInt(deny.seq), "active", SYSTEM_ACTOR);
    expect(replay.replayable).toBe(true);
    if (!replay.replayable) return;
    expect(replay.own).toMatchObject({ matches: true, hashMatches: true, entitiesIntact: true });
    expect(replay.other?.matches).toBe(true);
    const detail = await getDecision(BigInt(deny.seq));
    const texts = determiningPolicies(detail!.policies, detail!.versions);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts[0].text).toMatch(/forbid|permit/);
  });

  it("stores each entity a kept record saw once, by the hash of its canonical JSON, and shows it inline", async () => {
    const rows = await db.$queryRawUnsafe<{ seq: bigint; cedar: { request: { entities: unknown[] } }[] }[]>(
      `SELECT seq, cedar FROM "DecisionRecord" WHERE "clientName" = $1 AND cedar IS NOT NULL`,
      clientName,
    );
    expect(rows.length).toBeGreaterThanOrEqual(40);
    const named = rows.flatMap((r) => r.cedar.flatMap((c) => c.request.entities));
    expect(named.every((e) => typeof e === "string" && /^[0-9a-f]{64}$/.test(e))).toBe(true);
    const hashes = [...new Set(named as string[])];
    // Forty agent tool calls saw the agent, the on-behalf human and two tools: a handful of rows.
    expect(hashes.length).toBeLessThan(10);
    const stored = await db.decisionEntity.findMany({ where: { hash: { in: hashes } } });
    expect(stored).toHaveLength(hashes.length);
    for (const s of stored) expect(sha256(canonicalJson(s.entity))).toBe(s.hash);
    const detail = await getDecision(rows[0].seq);
    const entities = detail!.cedar!.flatMap((c) => c.request.entities);
    expect(entities.length).toBeGreaterThan(0);
    expect(entities.every((e) => typeof e === "object" && e !== null && "uid" in e)).toBe(true);
    await expect(
      db.$executeRawUnsafe(`UPDATE "DecisionEntity" SET entity = '{}'::jsonb WHERE hash = $1`, hashes[0]),
    ).rejects.toThrow(/immutable|permission denied/);

    // A record naming a snapshot that is not there: shown by hash, and not replayed on partial data.
    const bogus = "0".repeat(64);
    await db.$executeRawUnsafe(
      `UPDATE "DecisionRecord" SET cedar = jsonb_set(cedar, '{0,request,entities,0}', to_jsonb($2::text)) WHERE seq = $1`,
      rows[0].seq,
      bogus,
    );
    const broken = await getDecision(rows[0].seq);
    expect(broken!.cedar![0].request.entities[0]).toBe(bogus);
    const replay = await replayDecision(rows[0].seq, "active", SYSTEM_ACTOR);
    expect(replay).toMatchObject({ replayable: false, reason: expect.stringMatching(/missing/) });
  });

  it("exports OCSF Authorize Session events with the class's required fields", async () => {
    const text = await new Response(exportStream(mine(), "ocsf")).text();
    const events = text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(events).toHaveLength(61);
    for (const e of events) {
      expect(e).toMatchObject({
        category_uid: 3,
        class_uid: 3003,
        activity_id: 1,
        type_uid: 300301,
        metadata: { version: expect.stringMatching(/^1\./), product: { name: "Triad" } },
      });
      expect(typeof e.time).toBe("number");
      expect(typeof e.severity_id).toBe("number");
      expect(e.user.uid).toBeTruthy();
      expect([1, 2]).toContain(e.status_id);
    }
    const csv = await new Response(exportStream(mine(), "csv")).text();
    expect(csv.trim().split("\r\n")).toHaveLength(62);
  });

  it("GET /api/v1/decisions refuses clients without audit:read and bad input, and pages for collectors", async () => {
    expect((await call(`/api/v1/decisions?window=1h`, pepToken)).status).toBe(403);
    const auditor = (
      await createApiClient(systemCaller("test"), { name: `collector ${uid()}`, scopes: ["audit:read"] })
    ).token;
    const c = encodeURIComponent(clientName);
    expect((await call(`/api/v1/decisions?client=${c}`, auditor)).status).toBe(400);
    expect(
      (await call(`/api/v1/decisions?from=2026-01-01T00:00Z&to=2026-03-01T00:00Z`, auditor)).json.message,
    ).toMatch(/31 days/);
    expect((await call(`/api/v1/decisions?window=1h&cursor=nope`, auditor)).status).toBe(400);
    expect((await call(`/api/v1/decisions?window=1h&colour=red`, auditor)).json.message).toMatch(
      /unknown filter field/,
    );
    expect(
      (
        await call(
          `/api/v1/decisions?window=1h&agent=${Array.from({ length: 1_000 }, (_, i) => i).join(",")}`,
          auditor,
        )
      ).json.message,
    ).toMatch(/at most 50 values/);
    // 10,000 values do not fit in a request line: node:http refuses them before our handler (431).
    expect(
      (
        await call(
          `/api/v1/decisions?window=1h&agent=${Array.from({ length: 10_000 }, (_, i) => i).join(",")}`,
          auditor,
        )
      ).status,
    ).toBe(431);
    let cursor = "";
    let n = 0;
    for (let i = 0; i < 20; i++) {
      const r = await call(
        `/api/v1/decisions?window=1h&client=${c}&size=25${cursor ? `&cursor=${cursor}` : ""}`,
        auditor,
      );
      expect(r.status).toBe(200);
      n += (r.json.decisions as unknown[]).length;
      if (!r.json.next_cursor) break;
      cursor = r.json.next_cursor as string;
    }
    expect(n).toBe(61);
    expect(
      await db.logEntry.count({
        where: { action: "decision.exported", actorName: { startsWith: "collector" } },
      }),
    ).toBeGreaterThan(0);
  });

  it("backfills decisions that reached the ledger without a record (demo seed, older deployments)", async () => {
    const name = `ledger-only ${uid()}`;
    const [seq] = await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: { id: "c1", kind: "API_CLIENT", name },
        action: "decision.evaluated",
        target: null,
        details: {
          client: name,
          subject: { type: "human", id: humanId, kind: "HUMAN", actorId: humanId, name: "x" },
          action: "readData",
          resource: { type: "entitlement", id: entitlementId },
          decision: "DENY",
          policies: ["p"],
          policyVersion: "v",
          reason: "r",
        },
      }),
    );
    expect(await backfillDecisionRecords()).toBeGreaterThanOrEqual(1);
    expect(await backfillDecisionRecords()).toBe(0);
    const d = await getDecision(seq);
    expect(d).toMatchObject({ decision: "DENY", subjectId: humanId, clientName: name, policies: ["p"] });
    expect(
      (
        await decisionFacets(
          parseDecisionFilter(new URLSearchParams(`window=1h&client=${encodeURIComponent(name)}`)),
        )
      ).total,
    ).toBe(1);
  });

  it("verifies a sealed month after its partition is detached, and finds a tampered row", async () => {
    const month = "2035-01";
    await db.$executeRawUnsafe(`SELECT triad_decision_partition('2035-01-01'::date)`);
    await db.$executeRawUnsafe(
      `INSERT INTO "DecisionRecord" SELECT seq, '2035-01-15T00:00:00Z'::timestamptz + (seq % 1000) * interval '1 second', decision, "subjectKind", "subjectId", "subjectName", "subjectRef", "onBehalfOfId", action, "resourceType", "resourceId", privileged, policies, "policyVersion", "clientId", "clientName", reason, "traceId", "spanId", request, response, engine, "entitiesHash", cedar FROM "DecisionRecord" WHERE "clientName" = $1 AND at > now() - interval '1 hour'`,
      clientName,
    );
    const seal = await sealDecisionPartition(month);
    expect(seal.rows).toBe(61);
    await detachDecisionPartition(month);
    expect(await verifyDetachedPartition(month)).toEqual({ ok: true, reason: null, rows: 61 });
    expect((await verifyLedger()).ok).toBe(true);
    await db.$executeRawUnsafe(
      `UPDATE decision_parts."DecisionRecord_2035_01" SET decision = 'ALLOW' WHERE seq = (SELECT max(seq) FROM decision_parts."DecisionRecord_2035_01" WHERE decision = 'DENY')`,
    );
    expect(await verifyDetachedPartition(month)).toMatchObject({
      ok: false,
      reason: "the rows do not match the sealed digest",
    });
    await db.$executeRawUnsafe(`DROP TABLE decision_parts."DecisionRecord_2035_01"`);
  });
});
