import { z } from "zod";
import { db } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { evaluateAndLog } from "@/lib/decisions/evaluate";
import { parseDecisionFilter } from "@/lib/explorer/filter";
import { listDecisions } from "@/lib/explorer/queries";
import { propose } from "@/lib/proposals/mutations";
import type { McpAgent } from "./auth";

// The Triad MCP server's tools, for the agent that called (in its session, if it used one). None of them can
// approve anything: propose_access only ever creates a pending proposal.

const resource = z.object({ type: z.string().min(1).max(64), id: z.string().min(1).max(512) });
export const TOOL_SCHEMAS = {
  check_access: z.object({
    action: z.string().min(1).max(128).describe("Cedar action, e.g. invokeTool, readData, writeData"),
    resource: resource.describe("AuthZEN resource, e.g. { type: 'tool', id: 'tickets' }"),
    operation: z
      .string()
      .min(1)
      .max(80)
      .optional()
      .describe("the tool's operation, as listed in the agent's boundary"),
    arguments: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("the exact tool arguments (an approval is bound to them)"),
    reason: z.string().max(1000).optional().describe("why, shown to the human if approval is needed"),
    approval: z
      .string()
      .max(200)
      .optional()
      .describe("an approval credential collected after a human approved"),
  }),
  propose_access: z.object({
    action: z.string().min(1).max(128),
    resource,
    operation: z.string().min(1).max(80).optional(),
    arguments: z.record(z.string(), z.unknown()).optional(),
    reason: z.string().trim().min(5, "reason: say why (at least 5 characters)").max(1000),
  }),
  my_grants: z.object({}),
  search_decisions: z.object({
    subject_id: z.uuid().optional().describe("an actor id"),
    decision: z.enum(["ALLOW", "DENY"]).optional(),
    limit: z.number().int().min(1).max(100).optional(),
  }),
} as const;
export type ToolName = keyof typeof TOOL_SCHEMAS;

export const TOOL_DESCRIPTIONS: Record<ToolName, string> = {
  check_access:
    "Ask Triad (AuthZEN evaluation) whether this agent may do something now, in this session. An action that needs a human's approval creates a proposal and answers deny.",
  propose_access:
    "Propose an action for a human (sponsor or the person you act for) to approve. Never approves; poll the proposal and collect its credential at POST /api/v1/proposals/credential.",
  my_grants: "This agent's active grants.",
  search_decisions: "Read-only search of the decision log (agents of auditors only).",
};

/** Auditors' agents: the sponsor holds decisions:read. */
async function isAuditorsAgent(agentId: string): Promise<boolean> {
  const profile = await db.agentProfile.findUnique({
    where: { actorId: agentId },
    select: { sponsorId: true },
  });
  if (!profile?.sponsorId) return false;
  const user = await db.user.findUnique({
    where: { actorId: profile.sponsorId },
    select: { roles: true, disabledAt: true },
  });
  return !!user && !user.disabledAt && can(user.roles, "decisions:read");
}

const text = (value: unknown, isError = false) => ({
  content: [{ type: "text" as const, text: JSON.stringify(value) }],
  structuredContent: value as Record<string, unknown>,
  isError,
});

export async function runTool(name: ToolName, args: unknown, s: McpAgent) {
  const caller = { id: s.agentId, name: s.agentName, kind: "AGENT" as const };
  switch (name) {
    case "check_access": {
      const a = TOOL_SCHEMAS.check_access.parse(args);
      const d = await evaluateAndLog(caller, {
        subject: { type: "agent", id: s.agentId },
        action: { name: a.action },
        resource: a.resource,
        context: {
          ...(s.sessionId ? { sessionId: s.sessionId } : {}),
          operation: a.operation,
          arguments: a.arguments ?? {},
          reason: a.reason,
          approval: a.approval,
        },
      });
      return text(
        {
          decision: d.decision === "allow",
          reason: d.reason,
          policies: d.policies,
          decision_id: d.seq?.toString() ?? null,
          proposal_id: d.proposal?.id ?? null,
          error: d.refusal?.error ?? null,
        },
        !!d.refusal,
      );
    }
    case "propose_access": {
      const a = TOOL_SCHEMAS.propose_access.parse(args);
      const out = await propose(
        { id: s.agentId, name: s.agentName, sessionId: s.sessionId, onBehalfOfId: s.onBehalfOfId },
        a,
      );
      return text({
        proposal_id: out.proposalId,
        status: "PENDING",
        expires_at: out.expiresAt.toISOString(),
      });
    }
    case "my_grants": {
      const grants = await db.grant.findMany({
        where: { actorId: s.agentId, status: "ACTIVE" },
        take: 200,
        select: {
          id: true,
          expiresAt: true,
          entitlement: { select: { name: true, resource: { select: { name: true } } } },
        },
      });
      return text({
        grants: grants.map((g) => ({
          id: g.id,
          entitlement: g.entitlement.name,
          resource: g.entitlement.resource.name,
          expires_at: g.expiresAt?.toISOString() ?? null,
        })),
      });
    }
    case "search_decisions": {
      const a = TOOL_SCHEMAS.search_decisions.parse(args);
      if (!(await isAuditorsAgent(s.agentId)))
        return text(
          { error: "forbidden", message: "search_decisions is for agents of auditors only." },
          true,
        );
      // The explorer's grammar and query, over the last 24 hours.
      const filter = parseDecisionFilter({
        window: "24h",
        ...(a.subject_id ? { subject: a.subject_id } : {}),
        ...(a.decision ? { decision: a.decision } : {}),
      });
      const { rows } = await listDecisions(filter, { size: a.limit ?? 20 });
      return text({ decisions: rows });
    }
  }
}
