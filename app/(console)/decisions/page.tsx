import { Gavel } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Decisions" };

export default async function DecisionsPage() {
  await requirePageUser("decisions:read");
  return (
    <>
      <PageHeader title="Decisions" description="Every allow and deny from the decision API, with the policy set version that produced it." />
      <EmptyState icon={Gavel} title="The decision log is coming here">
        Each evaluation (principal, action, resource, context) will be listed with its outcome, the determining policies and the enforcement path that asked.
      </EmptyState>
    </>
  );
}
