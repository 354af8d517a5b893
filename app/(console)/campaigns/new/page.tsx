import { requirePageUser } from "@/lib/auth/session";
import { listConsoleReviewers, listScopeResources } from "@/lib/campaigns/queries";
import { CAMPAIGN_KINDS, defaultsFor } from "@/lib/campaigns/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { DefinitionForm } from "./definition-form";

export const metadata = { title: "New campaign" };

export default async function NewCampaignPage() {
  const user = await requirePageUser("campaigns:manage");
  const [people, resources] = await Promise.all([listConsoleReviewers(), listScopeResources()]);
  const now = new Date();
  const defaults = Object.fromEntries(CAMPAIGN_KINDS.map((k) => [k, defaultsFor(k, now)]));
  return (
    <>
      <PageHeader
        title="New campaign"
        description="Define who reviews what, how stages decide and what happens at the deadline. Preview simulates the launch before anything is created."
      />
      <DefinitionForm defaults={defaults} people={people} resources={resources} me={user.actorId} />
    </>
  );
}
