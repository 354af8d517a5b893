import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getDashboard } from "@/lib/dashboard/queries";
import { PageHeader } from "@/components/ui/page-header";
import { ActorTiles } from "@/components/dashboard/actor-tiles";
import { IntegrityTile } from "@/components/dashboard/integrity-tile";
import { PlatformCard } from "@/components/dashboard/platform-card";
import { ClaimCard } from "@/components/dashboard/claim-card";
import { StatusByKind } from "@/components/dashboard/status-by-kind";
import { LedgerCard } from "@/components/dashboard/ledger-card";
import { OwnershipTiles } from "@/components/dashboard/ownership-tiles";
import { getOwnershipSummary } from "@/lib/ownership/summary";
import { listUnratifiedBreakGlass } from "@/lib/requests/queries";
import { BreakGlassFindings } from "@/components/dashboard/break-glass-findings";

export const metadata = { title: "Dashboard" };

export default async function DashboardPage() {
  const user = await requirePageUser("dashboard:view");
  const data = await getDashboard();
  return (
    <>
      <PageHeader title="Dashboard" description={`Welcome back, ${user.name.split(" ")[0]}. One inventory for humans, non-human identities and AI agents.`} />
      <BreakGlassFindings items={await listUnratifiedBreakGlass()} />
      <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <ActorTiles actors={data.actors} />
        <IntegrityTile integrity={data.integrity} />
      </section>

      <OwnershipTiles summary={await getOwnershipSummary()} />

      <section aria-label="Inventory breakdown" className="mt-6 grid gap-4 lg:grid-cols-2">
        <PlatformCard platforms={data.platforms} />
        <ClaimCard claims={data.claims} />
      </section>
      <section aria-label="Status and activity" className="mt-6 grid gap-4 lg:grid-cols-2">
        <StatusByKind actors={data.actors} />
        <LedgerCard ledger={data.ledger} canSeeEntries={can(user.roles, "audit:read")} />
      </section>
    </>
  );
}
