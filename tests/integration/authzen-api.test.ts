import { systemCaller } from "@/lib/actions/caller";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureStarterPolicies } from "@/lib/policy/starter";
import { makeHuman, uid } from "../support/factories";
import { newToken, poster, startLeanServer } from "./authzen-helpers";

let server: Awaited<ReturnType<typeof startLeanServer>>;
let post: ReturnType<typeof poster>;
let humanId: string;
let agentId: string;
let entitlementId: string;
let privilegedId: string;

beforeAll(async () => {
  await ensureStarterPolicies();
  server = await startLeanServer();
  post = poster(server.url, await newToken());
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
const ent = (id: string) => ({ type: "entitlement", id });

describe("POST /access/v1/evaluation", () => {
  it("allows held access, names the policy and version, echoes X-Request-ID and logs the decision", async () => {
    const r = await post("/access/v1/evaluation", {
      subject: human(),
      action: { name: "readData" },
      resource: ent(entitlementId),
      context: { task: "weekly report" },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get("x-request-id")).toBe("req-1");
    expect(r.json.decision).toBe(true);
    expect(r.json.context!.policies).toEqual(["triad-starter/human-use-held"]);
    const seq = BigInt(r.json.context!.decision_id!);
    const entry = await db.logEntry.findUniqueOrThrow({ where: { seq } });
    expect(entry.action).toBe("decision.evaluated");
    expect(entry.actorKind).toBe("API_CLIENT");
    expect(entry.target).toBe(`actor:${humanId}`);
    const details = entry.details as Record<string, unknown>;
    expect(details).toMatchObject({
      decision: "ALLOW",
      action: "readData",
      policyVersion: r.json.context!.policy_set_version,
      context: { task: "weekly report" },
    });
  });

  it("denies privileged access without a fresh MFA, with the policy's reason", async () => {
    const r = await post("/access/v1/evaluation", {
      subject: human(),
      action: { name: "readData" },
      resource: ent(privilegedId),
    });
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/MFA/);
    await db.humanProfile.update({
      where: { actorId: humanId },
      data: { mfaEnrolled: true, mfaVerifiedAt: new Date() },
    });
  });

  it("a PEP cannot claim fresh MFA through the context", async () => {
    const other = await makeHuman();
    await db.grant.create({ data: { actorId: other.id, entitlementId: privilegedId, source: "REQUEST" } });
    const r = await post("/access/v1/evaluation", {
      subject: { type: "human", id: other.id },
      action: { name: "readData" },
      resource: ent(privilegedId),
      context: { mfaFresh: true },
    });
    expect(r.json.decision).toBe(false);
  });

  it("denies an unknown subject with a reason, not an error", async () => {
    const r = await post("/access/v1/evaluation", {
      subject: { type: "human", id: "nobody@nowhere.test" },
      action: { name: "readData" },
      resource: ent(entitlementId),
    });
    expect(r.status).toBe(200);
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/unknown subject/);
  });

  it.each([
    ["malformed JSON", "{not json", /valid JSON/],
    ["missing fields", JSON.stringify({ subject: { type: "human", id: "x" } }), /action/],
    [
      "an unknown action",
      JSON.stringify({
        subject: { type: "human", id: "x" },
        action: { name: "launch_missiles" },
        resource: { type: "resource", id: "r" },
      }),
      /unknown action/,
    ],
    [
      "an unknown subject type",
      JSON.stringify({
        subject: { type: "robot", id: "x" },
        action: { name: "readData" },
        resource: { type: "resource", id: "r" },
      }),
      /unknown subject type/,
    ],
    [
      "a deep context",
      JSON.stringify({
        subject: { type: "human", id: "x" },
        action: { name: "readData" },
        resource: { type: "resource", id: "r" },
        context: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } },
      }),
      /deeper/,
    ],
  ])("answers 400 for %s and logs nothing", async (_label, body, message) => {
    const before = await db.logEntry.count({ where: { action: "decision.evaluated" } });
    const r = await post("/access/v1/evaluation", body, true);
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: "invalid_request" });
    expect(String(r.json.message)).toMatch(message);
    expect(await db.logEntry.count({ where: { action: "decision.evaluated" } })).toBe(before);
  });

  it("answers 413 for a huge body and logs nothing", async () => {
    const before = await db.logEntry.count({ where: { action: "decision.evaluated" } });
    const body = JSON.stringify({
      subject: { type: "human", id: "x" },
      action: { name: "readData" },
      resource: { type: "resource", id: "r" },
      context: { blob: "x".repeat(100_000) },
    });
    const r = await post("/access/v1/evaluation", body, true);
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ error: "too_large" });
    expect(String(r.json.message)).toMatch(/larger than/);
    expect(await db.logEntry.count({ where: { action: "decision.evaluated" } })).toBe(before);
  });

  it("refuses a missing, malformed or revoked bearer with 401", async () => {
    const body = { subject: human(), action: { name: "readData" }, resource: ent(entitlementId) };
    expect((await poster(server.url, "nope")("/access/v1/evaluation", body)).status).toBe(401);
    const token = await newToken("to revoke");
    const keyId = token.slice(6, token.indexOf("."));
    const client = await db.apiClient.findUniqueOrThrow({ where: { keyId } });
    const { revokeApiClient } = await import("@/lib/api-clients/mutations");
    await revokeApiClient(systemCaller(), { id: client.id });
    expect((await poster(server.url, token)("/access/v1/evaluation", body)).status).toBe(401);
  });
});

describe("agent path", () => {
  const agent = () => ({ type: "agent", id: agentId });

  it("allows a tool inside the boundary and denies one outside it", async () => {
    const inside = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "invokeTool" },
      resource: { type: "tool", id: "search_docs" },
    });
    expect(inside.json.decision).toBe(true);
    const outside = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "invokeTool" },
      resource: { type: "tool", id: "deploy_prod" },
    });
    expect(outside.json.decision).toBe(false);
    expect(outside.json.context!.reason_admin.en).toMatch(/outside the agent's boundary/);
  });

  it("never exceeds the on-behalf-of human: the intersection decides", async () => {
    const held = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "readData" },
      resource: ent(entitlementId),
      context: { onBehalfOf: { type: "human", id: humanId } },
    });
    expect(held.json.decision).toBe(true);
    const otherRes = await db.resource.create({
      data: { name: `hr-${uid()}`, kind: "DATASET", externalId: uid(), sourceSystem: "test" },
    });
    const notHeld = (await db.entitlement.create({ data: { resourceId: otherRes.id, name: "payroll" } })).id;
    const r = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "readData" },
      resource: ent(notHeld),
      context: { onBehalfOf: { type: "human", id: humanId } },
    });
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/does not hold this access/);
  });

  it("refuses to act for a human outside its on-behalf-of scope", async () => {
    const stranger = await makeHuman();
    const r = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "readData" },
      resource: ent(entitlementId),
      context: { onBehalfOf: stranger.id },
    });
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/only act on behalf of its sponsor/);
  });

  it("answers 'approval required' and creates a pending proposal when policy asks for approval", async () => {
    const r = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "writeData" },
      resource: ent(entitlementId),
      context: { onBehalfOf: { type: "human", id: humanId }, task: "update CRM" },
    });
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toBe("approval required");
    const entry = await db.logEntry.findUniqueOrThrow({
      where: { seq: BigInt(r.json.context!.decision_id!) },
    });
    const proposalId = (entry.details as { proposalId: string }).proposalId;
    const proposal = await db.agentProposal.findUniqueOrThrow({ where: { id: proposalId } });
    // The caller only named the human (no delegated session): the sponsor decides, and the
    // named person is kept on the proposal for the record.
    expect(proposal).toMatchObject({
      agentId,
      onBehalfOfId: null,
      action: "writeData",
      status: "PENDING",
      context: expect.objectContaining({ statedOnBehalfOf: humanId }),
    });
  });

  it("an agent can never approve", async () => {
    const r = await post("/access/v1/evaluation", {
      subject: agent(),
      action: { name: "approve" },
      resource: ent(entitlementId),
    });
    expect(r.json.decision).toBe(false);
    expect(r.json.context!.reason_admin.en).toMatch(/never approve/);
  });
});

describe("POST /access/v1/evaluations", () => {
  const allow = () => ({ resource: ent(entitlementId) });
  const deny = { resource: { type: "tool", id: "deploy_prod" }, action: { name: "invokeTool" } };
  const base = () => ({ subject: human(), action: { name: "readData" } });

  it("execute_all (default) answers every evaluation in order, with top-level defaults", async () => {
    const r = await post("/access/v1/evaluations", {
      ...base(),
      evaluations: [allow(), { ...deny, subject: { type: "agent", id: agentId } }, allow()],
    });
    expect(r.json.evaluations!.map((e) => e.decision)).toEqual([true, false, true]);
  });

  it("deny_on_first_deny stops after the first deny", async () => {
    const r = await post("/access/v1/evaluations", {
      ...base(),
      evaluations: [allow(), { ...deny, subject: { type: "agent", id: agentId } }, allow()],
      options: { evaluations_semantic: "deny_on_first_deny" },
    });
    expect(r.json.evaluations!.map((e) => e.decision)).toEqual([true, false]);
  });

  it("permit_on_first_permit stops after the first permit", async () => {
    const r = await post("/access/v1/evaluations", {
      ...base(),
      evaluations: [{ ...deny, subject: { type: "agent", id: agentId } }, allow(), allow()],
      options: { evaluations_semantic: "permit_on_first_permit" },
    });
    expect(r.json.evaluations!.map((e) => e.decision)).toEqual([false, true]);
  });

  it("without an evaluations array behaves as a single evaluation", async () => {
    const r = await post("/access/v1/evaluations", { ...base(), resource: ent(entitlementId) });
    expect(r.json.decision).toBe(true);
  });

  it("400 when an evaluation lacks a field and there is no default", async () => {
    const r = await post("/access/v1/evaluations", { evaluations: [{ subject: human() }] });
    expect(r.status).toBe(400);
    expect(String(r.json.message)).toMatch(/evaluations\[0\]\.action/);
  });
});

describe("GET /.well-known/authzen-configuration", () => {
  it("publishes the PDP metadata", async () => {
    const res = await fetch(`${server.url}/.well-known/authzen-configuration`);
    const json = await res.json();
    expect(json).toEqual({
      policy_decision_point: server.url,
      access_evaluation_endpoint: `${server.url}/access/v1/evaluation`,
      access_evaluations_endpoint: `${server.url}/access/v1/evaluations`,
      search_subject_endpoint: `${server.url}/access/v1/search/subject`,
      search_resource_endpoint: `${server.url}/access/v1/search/resource`,
      search_action_endpoint: `${server.url}/access/v1/search/action`,
    });
  });
});
