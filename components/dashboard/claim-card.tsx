import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DonutChart } from "@/components/charts/donut-chart";
import { TONE_COLORS } from "@/components/charts/colors";
import type { ClaimSummary } from "@/lib/dashboard/queries";

const META: Record<ClaimSummary[number]["status"], { label: string; color: string }> = {
  OWNED: { label: "Owned", color: TONE_COLORS.success },
  CLAIM_PENDING: { label: "Claim pending", color: TONE_COLORS.info },
  UNCLAIMED: { label: "Unclaimed", color: TONE_COLORS.warning },
  ORPHANED: { label: "Orphaned", color: TONE_COLORS.danger },
};

/** NHI ownership at a glance (donut); each legend row links to the filtered inventory. */
export function ClaimCard({ claims }: { claims: ClaimSummary }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>NHI ownership</CardTitle>
        <CardDescription>Every NHI needs an accountable human owner.</CardDescription>
      </CardHeader>
      <CardContent>
        <DonutChart
          centerLabel="NHIs"
          data={claims.map((c) => ({
            label: META[c.status].label,
            value: c.count,
            estimated: c.estimated,
            color: META[c.status].color,
            href: `/inventory?kind=NHI&claimStatus=${c.status}`,
          }))}
        />
      </CardContent>
    </Card>
  );
}
