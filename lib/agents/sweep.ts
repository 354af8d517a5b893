import { db } from "@/lib/db";
import { announceChange } from "@/lib/changes/channel";
import { appendLedger, SYSTEM_ACTOR } from "@/lib/ledger/append";

/** Ends sessions whose task time is over (the gate refuses them anyway; this closes the record). */
export async function sweepExpiredSessions(limit = 1000): Promise<{ ended: number }> {
  return db.$transaction(async (tx) => {
    const now = new Date();
    const due = await tx.agentSession.findMany({
      where: { endedAt: null, expiresAt: { lte: now } },
      select: { id: true },
      take: limit,
    });
    if (!due.length) return { ended: 0 };
    await tx.agentSession.updateMany({
      where: { id: { in: due.map((d) => d.id) }, endedAt: null },
      data: { endedAt: now, endReason: "task time over", endedBy: "system" },
    });
    for (const d of due) await announceChange(tx, "agent-session", d.id);
    await appendLedger(tx, {
      actor: SYSTEM_ACTOR,
      action: "agent_session.expired",
      target: null,
      details: { sessions: due.map((d) => d.id) },
    });
    return { ended: due.length };
  });
}
