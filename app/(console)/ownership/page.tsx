import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { parseTableParams } from "@/lib/table/search-params";
import { listClaimQueue, queueTable } from "@/lib/ownership/queries";
import { claimNhisAction, proposeOwnerAction } from "@/lib/ownership/actions";
import { PageHeader } from "@/components/ui/page-header";
import { QueueTable } from "./queue-table";

export const metadata = { title: "Claim queue" };

export default async function ClaimQueuePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("inventory:read");
  const params = parseTableParams(await searchParams, queueTable);
  const { rows, total, capped } = await listClaimQueue(params, user.actorId);
  return (
    <>
      <PageHeader
        title="Claim queue"
        description="Unclaimed and orphaned NHIs, and agents without a sponsor, riskiest first. Every NHI needs an accountable owner; every agent a sponsor."
      />
      <QueueTable
        rows={rows}
        total={total}
        capped={capped}
        canClaim={can(user.roles, "ownership:claim") && Boolean(user.actorId)}
        claimAction={claimNhisAction}
        proposeAction={can(user.roles, "ownership:approve") ? proposeOwnerAction : undefined}
      />
    </>
  );
}
