import type { Prisma } from "@/lib/generated/prisma/client";
import { Invalid } from "@/lib/errors";
import type { Caller } from "@/lib/actions/caller";

// The one Caller type lives in lib/actions/caller.ts; these are ownership's scope helpers.
export { callerOf, type Caller } from "@/lib/actions/caller";

export function personOf(caller: Caller): string {
  if (!caller.actorId)
    throw new Invalid(
      "Your console account is not linked to a person in the inventory, so it cannot own identities.",
    );
  return caller.actorId;
}

/** `where` fragment for an NhiProfile the caller may manage: owner, co-owner, or admin. */
export function managedNhiWhere(caller: Caller): Prisma.NhiProfileWhereInput {
  if (caller.isAdmin) return {};
  if (!caller.actorId) return { actorId: "00000000-0000-0000-0000-000000000000" };
  return {
    OR: [{ ownerId: caller.actorId }, { actor: { coOwners: { some: { ownerId: caller.actorId } } } }],
  };
}

/** `where` fragment for an Actor (NHI or agent) the caller may manage. */
export function managedActorWhere(caller: Caller): Prisma.ActorWhereInput {
  if (caller.isAdmin) return {};
  const me = caller.actorId ?? "00000000-0000-0000-0000-000000000000";
  return {
    OR: [{ nhi: { ownerId: me } }, { coOwners: { some: { ownerId: me } } }, { agent: { sponsorId: me } }],
  };
}

export const actorTarget = (id: string) => `actor:${id}`;
