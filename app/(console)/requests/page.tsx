import { Waypoints } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Requests" };

export default async function RequestsPage() {
  await requirePageUser("dashboard:view");
  return (
    <>
      <PageHeader title="Access requests" description="Request access for yourself or on behalf of someone, and approve what others ask for." />
      <EmptyState icon={Waypoints} title="Access requests are coming here">
        Requesters will ask for an entitlement with a justification and a duration; the policy decision and the approvals (always by a human, never the requester) will be recorded with every request.
      </EmptyState>
    </>
  );
}
