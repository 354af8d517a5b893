import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import type { LedgerActor } from "@/lib/ledger/append";
import type { Prisma } from "@/lib/generated/prisma/client";
import { Invalid } from "@/lib/errors";

/** Who is acting in an ownership mutation: the ledger identity, their person, and admin reach. */
export type Caller = {
  ledger: LedgerActor;
  /** The human Actor behind the console user (owners, claimants and receivers are people). */
  actorId: string | null;
  /** Security admins may act on any NHI; everyone else only on NHIs they own or co-own. */
  isAdmin: boolean;
};

export function callerOf(user: SessionUser): Caller {
  return {
    ledger: { id: user.id, kind: "USER", name: user.name },
    actorId: user.actorId,
    isAdmin: can(user.roles, "ownership:approve"),
  };
}

export function personOf(caller: Caller): string {
  if (!caller.actorId) throw new Invalid("Your console account is not linked to a person in the inventory, so it cannot own identities.");
  return caller.actorId;
}

/** `where` fragment for an NhiProfile the caller may manage: owner, co-owner, or admin. */
export function managedNhiWhere(caller: Caller): Prisma.NhiProfileWhereInput {
  if (caller.isAdmin) return {};
  if (!caller.actorId) return { actorId: "00000000-0000-0000-0000-000000000000" };
  return { OR: [{ ownerId: caller.actorId }, { actor: { coOwners: { some: { ownerId: caller.actorId } } } }] };
}

/** `where` fragment for an Actor (NHI or agent) the caller may manage. */
export function managedActorWhere(caller: Caller): Prisma.ActorWhereInput {
  if (caller.isAdmin) return {};
  const me = caller.actorId ?? "00000000-0000-0000-0000-000000000000";
  return { OR: [{ nhi: { ownerId: me } }, { coOwners: { some: { ownerId: me } } }, { agent: { sponsorId: me } }] };
}

export const actorTarget = (id: string) => `actor:${id}`;
