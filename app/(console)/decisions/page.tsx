import { Gavel } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { parseTableParams } from "@/lib/table/search-params";
import { decisionTable, listDecisionRows } from "@/lib/decisions/queries";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { DecisionsTable } from "./decisions-table";

export const metadata = { title: "Decisions" };

export default async function DecisionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("decisions:read");
  const params = parseTableParams(await searchParams, decisionTable);
  const { rows, nextCursor } = await listDecisionRows(params);
  return (
    <>
      <PageHeader title="Decisions" description="Every allow and deny of the decision API, newest first: who asked, about whom, what, the determining policies and the policy set version." />
      <DecisionsTable
        rows={rows}
        hasMore={nextCursor !== null}
        nextCursor={nextCursor}
        emptyState={
          <EmptyState icon={Gavel} title="No decisions yet">
            Create an API client in Settings and call POST /access/v1/evaluation; each answer is logged here before it leaves.
          </EmptyState>
        }
      />
    </>
  );
}
