import { db } from "@/lib/db";
import { Conflict, Forbidden, NotFound } from "@/lib/errors";
import type { LedgerActor } from "@/lib/ledger/append";
import { notify } from "@/lib/inbox/notify";
import { enqueueWebhook } from "@/lib/webhooks/enqueue";
import { endGrants } from "./end";

type Who = { ledger: LedgerActor; actorId: string | null };

async function endOne(
  grantId: string,
  who: Who,
  method: "MANUAL",
  reason: string,
  extra: Record<string, string>,
) {
  return db.$transaction(async (tx) => {
    const ended = await endGrants(tx, {
      grantIds: [grantId],
      method,
      reason,
      by: who.ledger,
      requestedById: who.actorId,
      details: extra,
    });
    if (ended.length === 0) throw new Conflict("This grant has already ended.");
    const g = ended[0];
    await enqueueWebhook(tx, "grant.revoked", {
      grantId: g.id,
      actorId: g.actorId,
      entitlementId: g.entitlementId,
      method,
      reason,
      ...extra,
    });
    await notify(tx, g.actorId, {
      kind: "grant.revoked",
      title: "Access ended",
      body: reason,
      link: `/audit/access/${g.id}`,
    });
    return g;
  });
}

/** An admin revokes one grant with a reason (actor page, access story). */
export async function revokeGrant(who: Who, input: { grantId: string; reason: string }) {
  const grant = await db.grant.findUnique({ where: { id: input.grantId }, select: { id: true } });
  if (!grant) throw new NotFound("That grant does not exist.");
  return endOne(grant.id, who, "MANUAL", input.reason, { kind: "revoked" });
}

/**
 * The holder gives access back early: the person holding it, or the owner/co-owner of the NHI
 * or sponsor of the agent holding it. The holder test is in the `where`.
 */
export async function releaseGrant(who: Who, input: { grantId: string }) {
  const me = who.actorId;
  if (!me) throw new Forbidden("Your console account is not linked to a person in the inventory.");
  const grant = await db.grant.findFirst({
    where: {
      id: input.grantId,
      actor: {
        OR: [
          { id: me },
          { nhi: { ownerId: me } },
          { coOwners: { some: { ownerId: me } } },
          { agent: { sponsorId: me } },
        ],
      },
    },
    select: { id: true },
  });
  if (!grant)
    throw new Forbidden(
      "Only the holder of a grant (or the owner or sponsor of the identity holding it) can release it.",
    );
  return endOne(grant.id, who, "MANUAL", "released early by the holder", { kind: "released" });
}
