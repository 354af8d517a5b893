import { ClipboardCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  await requirePageUser("dashboard:view");
  return (
    <>
      <PageHeader title="Review campaigns" description="Certify human access, attest NHI ownership and review agent permissions." />
      <EmptyState icon={ClipboardCheck} title="Review campaigns are coming here">
        Security admins will start certification runs with a scope, a reviewer strategy and a due date; reviewers will certify, revoke or escalate each item with a reason.
      </EmptyState>
    </>
  );
}
