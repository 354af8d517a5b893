import { Plus, Siren } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { parseTableParams } from "@/lib/table/search-params";
import {
  listMyRequests,
  listToApprove,
  myRequestsTable,
  requestCounts,
  toApproveTable,
} from "@/lib/requests/queries";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { LinkTabs } from "@/components/ui/tabs";
import { Alert } from "@/components/ui/alert";
import { RequestsTable } from "./_components/requests-table";

export const metadata = { title: "Requests" };

export default async function RequestsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("dashboard:view");
  const raw = await searchParams;
  const approver = can(user.roles, "requests:approve");
  const tab = raw.tab === "approve" || (raw.tab === undefined && approver) ? "approve" : "mine";
  const counts = await requestCounts(user.actorId);
  const actions = can(user.roles, "requests:create") ? (
    <div className="flex gap-2">
      {can(user.roles, "requests:break_glass") ? (
        <ButtonLink href="/requests/break-glass" variant="outline">
          <Siren className="size-4" aria-hidden /> Break-glass
        </ButtonLink>
      ) : null}
      <ButtonLink href="/requests/new" variant="primary">
        <Plus className="size-4" aria-hidden /> Request access
      </ButtonLink>
    </div>
  ) : null;

  return (
    <>
      <PageHeader
        title="Access requests"
        description="Ask for time-bound access with a justification; approvers decide with a fresh step-up, never for themselves."
        actions={actions}
      />
      {!user.actorId ? (
        <Alert tone="warning" className="mb-4">
          Your console account is not linked to a person in the inventory, so you cannot request or approve
          access.
        </Alert>
      ) : null}
      <LinkTabs
        tabs={[
          {
            href: "/requests?tab=approve",
            label: "To approve",
            active: tab === "approve",
            count: counts.toApprove,
          },
          { href: "/requests?tab=mine", label: "My requests", active: tab === "mine", count: counts.mine },
        ]}
      />
      {tab === "approve" ? (
        <ApproveTab actorId={user.actorId} raw={raw} />
      ) : (
        <MineTab actorId={user.actorId} raw={raw} />
      )}
    </>
  );
}

async function ApproveTab({
  actorId,
  raw,
}: {
  actorId: string | null;
  raw: Record<string, string | string[] | undefined>;
}) {
  const params = parseTableParams(raw, toApproveTable);
  const { rows, total } = actorId ? await listToApprove(actorId, params) : { rows: [], total: 0 };
  return <RequestsTable rows={rows} total={total} mode="approve" />;
}

async function MineTab({
  actorId,
  raw,
}: {
  actorId: string | null;
  raw: Record<string, string | string[] | undefined>;
}) {
  const params = parseTableParams(raw, myRequestsTable);
  const { rows, total } = actorId ? await listMyRequests(actorId, params) : { rows: [], total: 0 };
  return <RequestsTable rows={rows} total={total} mode="mine" />;
}
