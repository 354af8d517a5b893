import { db } from "@/lib/db";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import { appendLedger } from "@/lib/ledger/append";
import type { Caller } from "./caller";

/** The resource owner (or a security admin) confirms the access is gone in the target system, or that removing it failed. */
export async function confirmRemediation(
  caller: Caller,
  input: { itemId: string; state: "APPLIED" | "FAILED"; note?: string },
  now = new Date(),
) {
  return db.$transaction(async (tx) => {
    const item = await tx.reviewItem.findUnique({
      where: { id: input.itemId },
      select: { remediation: true, campaignId: true, grantId: true, entitlementId: true },
    });
    if (!item) throw new NotFound("No such review item.");
    const owner = item.entitlementId
      ? await tx.entitlement.findUnique({
          where: { id: item.entitlementId },
          select: { resource: { select: { ownerId: true } } },
        })
      : null;
    const mayConfirm =
      caller.isAdmin || (caller.actorId !== null && owner?.resource.ownerId === caller.actorId);
    if (!mayConfirm)
      throw new Forbidden("Only the resource owner or a security admin can confirm this remediation.");
    const done = await tx.reviewItem.updateMany({
      where: {
        id: input.itemId,
        remediation: { in: ["PENDING", "FAILED", "UNSUPPORTED"] },
        campaign: { status: "ACTIVE" },
      },
      data: { remediation: input.state, remediationAt: now },
    });
    if (done.count !== 1)
      throw new Conflict(
        item.remediation === "APPLIED"
          ? "This remediation was already confirmed."
          : "This remediation cannot be changed now.",
      );
    await appendLedger(tx, [
      {
        actor: caller.ledger,
        action: "review.remediation_confirmed",
        target: item.grantId ? `grant:${item.grantId}` : `review:${input.itemId}`,
        details: {
          campaignId: item.campaignId,
          itemId: input.itemId,
          state: input.state,
          note: input.note ?? null,
        },
      },
    ]);
    return { state: input.state };
  });
}
