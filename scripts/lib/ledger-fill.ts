import { randomUUID } from "node:crypto";

// Ledger entries shaped like the decision API's (lib/decisions/record.ts decisionEvent), so that
// verification is measured on what a real ledger holds rather than on tiny details.
export function benchDecisionEvent(i: number) {
  const agent = i % 5 === 0;
  const subjectId = randomUUID();
  return {
    actor: { id: `client-${i % 7}`, kind: "API_CLIENT" as const, name: `bench pep ${i % 7}` },
    action: "bench.appended" as const,
    target: `actor:${subjectId}`,
    details: {
      client: `bench pep ${i % 7}`,
      subject: {
        type: agent ? "agent" : "nhi",
        id: subjectId,
        kind: agent ? "AGENT" : "NHI",
        actorId: subjectId,
        name: `svc-bench-${i % 500}`,
      },
      action: agent ? "invokeTool" : "readData",
      resource: { type: agent ? "tool" : "entitlement", id: randomUUID(), properties: null },
      context: agent
        ? {
            onBehalfOf: { type: "human", id: randomUUID() },
            tool: { name: "jira.create_issue", args: { project: "OPS", n: i } },
          }
        : null,
      subjectProperties: null,
      decision: i % 33 === 0 ? "DENY" : "ALLOW",
      policies: [
        i % 33 === 0 ? "triad-starter/agent-tool-outside-boundary" : "triad-starter/nhi-owned-use-held",
      ],
      policyVersion: "9f2c".repeat(16),
      policyVersions: [{ set: "triad-starter", version: 3, hash: "9f2c".repeat(16) }],
      reason: i % 33 === 0 ? "the tool is outside the agent's boundary" : "permitted",
      onBehalfOf: null,
      proposalId: null,
      sessionId: agent ? randomUUID() : null,
      approvedBy: null,
      refusal: null,
    },
  };
}
