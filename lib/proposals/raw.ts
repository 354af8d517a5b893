import type pg from "pg";
import type { ProposalDraft } from "@/lib/enforcement/decide";

// The decision API's group commit writes proposals on a raw connection in the batch's
// transaction: the rows, their expiry jobs and the inbox notes commit with the ledger entries.

export async function insertProposalsRaw(client: pg.PoolClient, proposals: ProposalDraft[]): Promise<void> {
  if (!proposals.length) return;
  const col = <K extends keyof ProposalDraft>(k: K) => proposals.map((p) => p[k]);
  await client.query(
    `INSERT INTO "AgentProposal" (id, "agentId", "onBehalfOfId", action, resource, context, reason, arguments, "argsHash", "sessionId", "expiresAt")
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::text[], $8::jsonb[], $9::text[], $10::uuid[], $11::timestamptz[])`,
    [col("id"), col("agentId"), col("onBehalfOfId"), col("action"), col("resource"), proposals.map((p) => JSON.stringify(p.context)), col("reason"), proposals.map((p) => JSON.stringify(p.arguments ?? {})), col("argsHash"), col("sessionId"), col("expiresAt")],
  );
  await client.query(
    `SELECT graphile_worker.add_job('proposals.expire', json_build_object('id', p.id), run_at => p."expiresAt", max_attempts => 5, job_key => 'proposal-expire:' || p.id)
     FROM "AgentProposal" p WHERE p.id = ANY($1::uuid[])`,
    [col("id")],
  );
  // The on-behalf-of person decides when there is one, otherwise the sponsor.
  await client.query(
    `INSERT INTO "InboxMessage" (id, "recipientId", kind, title, body, link)
     SELECT gen_random_uuid(), coalesce(p."onBehalfOfId", g."sponsorId"), 'agent.proposal', a."displayName" || ' proposes ' || p.action || ' on ' || p.resource,
            coalesce(p.reason, 'No reason given.'), '/proposals'
     FROM "AgentProposal" p JOIN "AgentProfile" g ON g."actorId" = p."agentId" JOIN "Actor" a ON a.id = p."agentId"
     WHERE p.id = ANY($1::uuid[]) AND coalesce(p."onBehalfOfId", g."sponsorId") IS NOT NULL`,
    [col("id")],
  );
}
