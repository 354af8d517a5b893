import { z } from "zod";
import { db } from "@/lib/db";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";

/** The job of one proposal's expiry: re-reads the row; a decided or not-yet-due one is left alone. */
export async function expireProposal(payload: unknown): Promise<{ expired: boolean }> {
  const parsed = z.object({ id: z.uuid() }).safeParse(payload);
  if (!parsed.success) return { expired: false };
  return db.$transaction(async (tx) => {
    const now = new Date();
    const rows = await tx.agentProposal.updateManyAndReturn({
      where: { id: parsed.data.id, status: "PENDING", expiresAt: { lte: now } },
      data: { status: "EXPIRED", decidedAt: now },
      select: { id: true, agentId: true },
    });
    if (rows.length === 0) return { expired: false };
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "agent_proposal.expired",
      target: `actor:${rows[0].agentId}`,
      details: { proposalId: rows[0].id },
    });
    return { expired: true };
  });
}
