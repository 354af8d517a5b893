// The starter policy set: the seed's guidance written as Cedar. Annotations: @id names the
// policy in decisions, @reason is the reason given to callers, @requiresApproval("true") on a
// permit turns an agent's allow into "approval required" plus a pending proposal.

export const STARTER_SET_NAME = "Triad starter";

export const STARTER_POLICY_TEXT = `// Every subject must be active.
@id("subject-active")
@reason("the subject is not active")
forbid (principal, action, resource)
when { principal.status != "ACTIVE" };

// Humans use what they hold; privileged access needs a fresh MFA.
@id("human-use-held")
@reason("the human holds this entitlement")
permit (principal is Human, action in [Action::"readData", Action::"writeData"], resource is Entitlement)
when { principal.entitlements.contains(resource.id) };

@id("human-use-resource")
@reason("the human holds an entitlement on this resource")
permit (principal is Human, action in [Action::"readData", Action::"writeData"], resource is Resource)
when { principal.entitlements.containsAny(resource.entitlementIds) };

@id("human-request")
@reason("humans may request access; approval decides")
permit (principal is Human, action == Action::"request", resource);

@id("human-approve")
@reason("humans may approve")
permit (principal is Human, action == Action::"approve", resource);

@id("human-invoke-tool")
@reason("the human may use this tool")
permit (principal is Human, action == Action::"invokeTool", resource is Tool)
when { resource.entitlementIds.isEmpty() || principal.entitlements.containsAny(resource.entitlementIds) };

@id("privileged-needs-fresh-mfa")
@reason("privileged access needs an MFA within the last 15 minutes")
forbid (principal is Human, action, resource is Entitlement)
when { resource.privileged && !context.mfaFresh };

// NHIs: owned, credential valid, rotation on time.
@id("nhi-use-held")
@reason("the NHI holds this entitlement")
permit (principal is NHI, action in [Action::"readData", Action::"writeData"], resource is Entitlement)
when { principal.entitlements.contains(resource.id) };

@id("nhi-use-resource")
@reason("the NHI holds an entitlement on this resource")
permit (principal is NHI, action in [Action::"readData", Action::"writeData"], resource is Resource)
when { principal.entitlements.containsAny(resource.entitlementIds) };

@id("nhi-needs-owner")
@reason("an NHI without an owner gets no access")
forbid (principal is NHI, action, resource)
unless { context.ownerPresent };

@id("nhi-credential-expired")
@reason("the NHI's credential has expired")
forbid (principal is NHI, action, resource)
when { context.credentialExpired };

@id("nhi-rotation-overdue")
@reason("the NHI's credential rotation is overdue")
forbid (principal is NHI, action, resource)
when { context.rotationOverdue };

// Agents: sponsored, inside their tool boundary, never above their human, never approving.
@id("agent-invoke-in-boundary")
@reason("the tool is inside the agent's boundary")
permit (principal is Agent, action == Action::"invokeTool", resource is Tool)
when { principal.tools.contains(resource.name) };

@id("agent-read-for-human")
@reason("the agent reads with its human's access")
permit (principal is Agent, action == Action::"readData", resource)
when { context.onBehalfOfKind == "HUMAN" };

@id("agent-write-for-human")
@reason("the agent writes with its human's access, after the human approves")
@requiresApproval("true")
permit (principal is Agent, action == Action::"writeData", resource)
when { context.onBehalfOfKind == "HUMAN" };

@id("agent-tool-boundary")
@reason("the tool is outside the agent's boundary")
forbid (principal is Agent, action == Action::"invokeTool", resource is Tool)
unless { principal.tools.contains(resource.name) };

@id("agent-needs-sponsor")
@reason("an agent without a sponsor gets no access")
forbid (principal is Agent, action, resource)
unless { principal.hasSponsor };

@id("agents-never-approve")
@reason("agents can never approve")
forbid (principal is Agent, action == Action::"approve", resource);
`;

type TestCase = { name: string; request: Record<string, unknown>; expected: "ALLOW" | "DENY" };
const ent = (id: string, privileged: boolean) => ({ type: "entitlement", id, properties: { privileged } });

export const STARTER_TEST_CASES: TestCase[] = [
  {
    name: "privileged read with fresh MFA is allowed",
    request: {
      subject: {
        type: "human",
        id: "test-alice",
        properties: { entitlements: ["test-ent-db-admin"], mfaMinutesAgo: 5 },
      },
      action: { name: "readData" },
      resource: ent("test-ent-db-admin", true),
    },
    expected: "ALLOW",
  },
  {
    name: "privileged read with stale MFA is denied",
    request: {
      subject: {
        type: "human",
        id: "test-alice",
        properties: { entitlements: ["test-ent-db-admin"], mfaMinutesAgo: 240 },
      },
      action: { name: "readData" },
      resource: ent("test-ent-db-admin", true),
    },
    expected: "DENY",
  },
  {
    name: "NHI without an owner is denied",
    request: {
      subject: { type: "nhi", id: "test-orphan-sa", properties: { entitlements: ["test-ent-s3"] } },
      action: { name: "readData" },
      resource: ent("test-ent-s3", false),
    },
    expected: "DENY",
  },
  {
    name: "owned NHI with a valid credential is allowed",
    request: {
      subject: {
        type: "nhi",
        id: "test-owned-sa",
        properties: { ownerId: "test-alice", entitlements: ["test-ent-s3"] },
      },
      action: { name: "readData" },
      resource: ent("test-ent-s3", false),
    },
    expected: "ALLOW",
  },
  {
    name: "NHI with overdue rotation is denied",
    request: {
      subject: {
        type: "nhi",
        id: "test-stale-sa",
        properties: { ownerId: "test-alice", entitlements: ["test-ent-s3"], rotationDueMinutesAgo: 60 },
      },
      action: { name: "readData" },
      resource: ent("test-ent-s3", false),
    },
    expected: "DENY",
  },
  {
    name: "agent tool inside its boundary is allowed",
    request: {
      subject: {
        type: "agent",
        id: "test-agent",
        properties: { sponsorId: "test-alice", tools: ["search_docs"] },
      },
      action: { name: "invokeTool" },
      resource: { type: "tool", id: "search_docs" },
    },
    expected: "ALLOW",
  },
  {
    name: "agent tool outside its boundary is denied",
    request: {
      subject: {
        type: "agent",
        id: "test-agent",
        properties: { sponsorId: "test-alice", tools: ["search_docs"] },
      },
      action: { name: "invokeTool" },
      resource: { type: "tool", id: "deploy_prod" },
    },
    expected: "DENY",
  },
  {
    name: "agent can never approve",
    request: {
      subject: { type: "agent", id: "test-agent", properties: { sponsorId: "test-alice", tools: [] } },
      action: { name: "approve" },
      resource: ent("test-ent-s3", false),
    },
    expected: "DENY",
  },
  {
    name: "agent never exceeds its human",
    request: {
      subject: { type: "agent", id: "test-agent", properties: { sponsorId: "test-bob", tools: [] } },
      action: { name: "readData" },
      resource: ent("test-ent-payroll", false),
      context: { onBehalfOf: { type: "human", id: "test-bob" } },
    },
    expected: "DENY",
  },
];
