import { getDashboard } from "@/lib/dashboard/queries";
import { getOwnershipSummary } from "@/lib/ownership/summary";
import {
  ATTESTATION_GRACE_DAYS,
  ATTESTATION_INTERVAL_DAYS,
  overdueAttestations,
} from "@/lib/campaigns/attestation";
import { AttestationTile } from "./attestation-tile";
import { ActorTiles } from "./actor-tiles";
import { ClaimCard } from "./claim-card";
import { IntegrityTile } from "./integrity-tile";
import { LedgerCard } from "./ledger-card";
import { OwnershipTiles } from "./ownership-tiles";
import { PlatformCard } from "./platform-card";
import { StatusByKind } from "./status-by-kind";

/** The organisation-wide picture a security admin starts from. */
export async function OrgDashboard({ canSeeEntries }: { canSeeEntries: boolean }) {
  const [data, ownership, attestation] = await Promise.all([
    getDashboard(),
    getOwnershipSummary(),
    overdueAttestations(),
  ]);
  return (
    <>
      <section aria-label="Totals" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <ActorTiles actors={data.actors} />
        <IntegrityTile integrity={data.integrity} />
        <AttestationTile {...attestation} days={ATTESTATION_INTERVAL_DAYS + ATTESTATION_GRACE_DAYS} />
      </section>
      <OwnershipTiles summary={ownership} />
      <section aria-label="Inventory breakdown" className="mt-6 grid gap-4 lg:grid-cols-2">
        <PlatformCard platforms={data.platforms} />
        <ClaimCard claims={data.claims} />
      </section>
      <section aria-label="Status and activity" className="mt-6 grid gap-4 lg:grid-cols-2">
        <StatusByKind actors={data.actors} />
        <LedgerCard ledger={data.ledger} canSeeEntries={canSeeEntries} />
      </section>
    </>
  );
}
