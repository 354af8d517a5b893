import type { SessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import type { LedgerActor } from "@/lib/ledger/append";
import { Forbidden } from "@/lib/errors";

/** Who acts on a campaign: ledger identity, their person in the inventory, and their reach. */
export type CampaignCaller = {
  ledger: LedgerActor;
  actorId: string | null;
  roles: readonly string[];
};

export function campaignCallerOf(user: SessionUser): CampaignCaller {
  return { ledger: { id: user.id, kind: "USER", name: user.name }, actorId: user.actorId, roles: user.roles };
}

export const isCampaignAdmin = (c: CampaignCaller) => can(c.roles, "campaigns:manage");

export function assertCampaignAdmin(c: CampaignCaller): void {
  if (!isCampaignAdmin(c)) throw new Forbidden("Only a security admin can run campaigns.");
}

/** Reviewers act as the person their console account is linked to; checked in every write's where. */
export function reviewerOf(c: CampaignCaller): string {
  if (!can(c.roles, "campaigns:review")) throw new Forbidden("You do not have permission to review access.");
  if (!c.actorId)
    throw new Forbidden(
      "Your console account is not linked to a person in the inventory, so it has no review items.",
    );
  return c.actorId;
}

/** The console user behind the caller, for createdById-style columns (jobs and scripts have none). */
export const userIdOf = (c: CampaignCaller): string | null => (c.ledger.kind === "USER" ? c.ledger.id : null);
