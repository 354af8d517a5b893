import { db } from "@/lib/db";
import { Conflict, NotFound } from "@/lib/errors";
import { announceChange } from "@/lib/changes/channel";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";

/**
 * The "suspend identity" switch: one status change denies everything at once, because every
 * enforcement path, token issuance and introspection require an ACTIVE identity. Reversible by
 * an admin; both directions are ledgered and announced so every process drops its cache.
 * The expected current status is in the `where`, so a double click records one change.
 */
export async function setSuspended(
  by: LedgerActor,
  input: { actorId: string; suspend: boolean; reason: string },
): Promise<void> {
  await db.$transaction(async (tx) => {
    const from = input.suspend ? "ACTIVE" : "SUSPENDED";
    const { count } = await tx.actor.updateMany({
      where: { id: input.actorId, status: from },
      data: { status: input.suspend ? "SUSPENDED" : "ACTIVE" },
    });
    if (count !== 1) {
      const a = await tx.actor.findUnique({
        where: { id: input.actorId },
        select: { status: true, displayName: true },
      });
      if (!a) throw new NotFound("That identity does not exist.");
      throw new Conflict(
        `${a.displayName} is ${a.status.toLowerCase()}, so it cannot be ${input.suspend ? "suspended" : "reinstated"}.`,
      );
    }
    await appendLedger(tx, {
      actor: by,
      action: input.suspend ? "actor.suspended" : "actor.reinstated",
      target: `actor:${input.actorId}`,
      details: { reason: input.reason },
    });
    await announceChange(tx, "actor", input.actorId);
  });
}
