import { ClipboardCheck, Plus } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { campaignTable, listCampaigns, listDefinitions } from "@/lib/campaigns/queries";
import { DefinitionsCard } from "./definitions-card";
import { parseTableParams } from "@/lib/table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { CampaignsTable } from "./campaigns-table";

export const metadata = { title: "Campaigns" };

export default async function CampaignsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("dashboard:view");
  const admin = can(user.roles, "campaigns:manage");
  if (!admin && !can(user.roles, "audit:read")) {
    return (
      <>
        <PageHeader
          title="Review campaigns"
          description="Security admins run campaigns; your items are in your review queue."
        />
        <EmptyState
          icon={ClipboardCheck}
          title="Your review items are in Reviews"
          action={
            <ButtonLink href="/reviews" size="sm">
              Open my reviews
            </ButtonLink>
          }
        >
          Certify, revoke, reduce, escalate or delegate each item with a reason.
        </EmptyState>
      </>
    );
  }
  const params = parseTableParams(await searchParams, campaignTable);
  const [{ rows, total }, definitions] = await Promise.all([
    listCampaigns(params),
    admin ? listDefinitions() : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title="Review campaigns"
        description="Certify human access, attest NHI ownership and review agent permissions."
        actions={
          admin ? (
            <ButtonLink href="/campaigns/new" size="sm">
              <Plus aria-hidden /> New campaign
            </ButtonLink>
          ) : null
        }
      />
      <CampaignsTable rows={rows} total={total} />
      <DefinitionsCard definitions={definitions} />
    </>
  );
}
