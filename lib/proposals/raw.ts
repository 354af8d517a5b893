import type { ProposalDraft } from "@/lib/enforcement/decide";
import type { Params, SideInsert } from "@/lib/ledger/append-raw";

// The decision API's group commit writes a batch's agent proposals in the same statement as its
// ledger entries (lib/ledger/append-raw.ts): the rows, their expiry jobs and the inbox notes for
// the deciding human commit together with the decisions that created them, or not at all. The
// later parts read the rows through the first part's RETURNING, since the CTEs of one statement
// do not see each other's writes in the table.

/** The side statements for a batch's proposals (none when the batch has none). */
export const proposalSides =
  (proposals: ProposalDraft[]): SideInsert =>
  (p: Params) => {
    if (!proposals.length) return [];
    const insert = () => {
      const col = <K extends keyof ProposalDraft>(k: K) => p.add(proposals.map((x) => x[k] ?? null));
      return `INSERT INTO "AgentProposal" (id, "agentId", "onBehalfOfId", action, resource, context, reason, arguments, "argsHash", "sessionId", "expiresAt")
      SELECT * FROM unnest(${col("id")}::uuid[], ${col("agentId")}::uuid[], ${col("onBehalfOfId")}::uuid[], ${col("action")}::text[], ${col("resource")}::text[],
        ${p.add(proposals.map((x) => JSON.stringify(x.context)))}::jsonb[], ${col("reason")}::text[], ${p.add(proposals.map((x) => JSON.stringify(x.arguments ?? {})))}::jsonb[],
        ${col("argsHash")}::text[], ${col("sessionId")}::uuid[], ${col("expiresAt")}::timestamptz[])
      RETURNING id, "agentId", "onBehalfOfId", action, resource, reason, "expiresAt"`;
    };
    return [
      { name: "proposals", sql: insert() },
      // The on-behalf-of person decides when there is one, otherwise the sponsor.
      {
        name: "proposal_inbox",
        sql: `INSERT INTO "InboxMessage" (id, "recipientId", kind, title, body, link)
        SELECT gen_random_uuid(), coalesce(r."onBehalfOfId", g."sponsorId"), 'agent.proposal', a."displayName" || ' proposes ' || r.action || ' on ' || r.resource,
               coalesce(r.reason, 'No reason given.'), '/proposals'
        FROM proposals r JOIN "AgentProfile" g ON g."actorId" = r."agentId" JOIN "Actor" a ON a.id = r."agentId"
        WHERE coalesce(r."onBehalfOfId", g."sponsorId") IS NOT NULL`,
      },
      {
        name: "proposal_jobs",
        select: true,
        sql: `SELECT graphile_worker.add_job('proposals.expire', json_build_object('id', r.id), run_at => r."expiresAt", max_attempts => 5, job_key => 'proposal-expire:' || r.id)
        FROM proposals r`,
      },
    ];
  };
