import type { Caller } from "@/lib/actions/caller";
import { Forbidden } from "@/lib/errors";

// The one Caller type lives in lib/actions/caller.ts; these are the campaigns' scope helpers.
export { callerOf, systemCaller, type Caller } from "@/lib/actions/caller";

/** Running campaigns is a security admin's job (the actions check campaigns:manage as well). */
export function assertCampaignAdmin(c: Caller): void {
  if (!c.isAdmin) throw new Forbidden("Only a security admin can run campaigns.");
}

/**
 * Reviewers act as the person their console account is linked to; checked in every write's
 * where. The campaigns:review permission is checked by the action before this is reached.
 */
export function reviewerOf(c: Caller): string {
  if (!c.actorId)
    throw new Forbidden(
      "Your console account is not linked to a person in the inventory, so it has no review items.",
    );
  return c.actorId;
}

/** The console user behind the caller, for createdById-style columns (jobs and scripts have none). */
export const userIdOf = (c: Caller): string | null => c.userId ?? null;
