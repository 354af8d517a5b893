import type { Prisma } from "@/lib/generated/prisma/client";

// What token issuance and token exchange read about the identities involved.

/** The facts every token decision needs about an actor (agent, NHI or person). */
export const TOKEN_ACTOR_FIELDS = {
  id: true,
  kind: true,
  status: true,
  displayName: true,
  teamId: true,
} as const satisfies Prisma.ActorSelect;

/**
 * The grants that count now for an audience. The gate: a grant past its expiry counts for
 * nothing, whether or not its expiry job ran.
 */
export function liveGrantsFor(audience: string) {
  return {
    status: "ACTIVE",
    OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }],
    entitlement: { resource: { externalId: audience } },
  } as const satisfies Prisma.GrantWhereInput;
}
