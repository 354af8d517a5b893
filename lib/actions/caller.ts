import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";

/**
 * Who is acting, the first argument of every mutation: `verb(caller, input)`. The ledger
 * identity, the console user (for `createdById`-style columns), the person behind them, and
 * whether they have a security admin's reach (for scope in the `where` of a write).
 */
export type Caller = {
  ledger: LedgerActor;
  userId?: string | null;
  /** The human Actor behind the console user (owners, claimants and receivers are people). */
  actorId: string | null;
  /** Security admins may act on any identity; everyone else only on those they own or sponsor. */
  isAdmin: boolean;
};

export function callerOf(user: SessionUser): Caller {
  return {
    ledger: { id: user.id, kind: "USER", name: user.name },
    userId: user.id,
    actorId: user.actorId,
    isAdmin: can(user.roles, "ownership:approve"),
  };
}

/** Triad itself (jobs, seed, start-up) or an operator at the CLI, named in the ledger. */
export function systemCaller(name?: string): Caller {
  return {
    // Triad's own parts are searchable by name on the Audit page (SYSTEM_NAMES); other names
    // (benchmarks, examples) are found by the actor id "system".
    ledger: name ? { ...SYSTEM_ACTOR, name } : SYSTEM_ACTOR,
    userId: null,
    actorId: null,
    isAdmin: true,
  };
}
