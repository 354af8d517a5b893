import { Server } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { HorizontalBarChart } from "@/components/charts/bar-chart";
import type { GroupCount } from "@/lib/dashboard/estimate";

/** NHIs per platform (bar chart). */
export function PlatformCard({ platforms }: { platforms: GroupCount[] }) {
  const estimated = platforms.some((p) => p.estimated);
  return (
    <Card>
      <CardHeader>
        <CardTitle>NHIs by platform</CardTitle>
        <CardDescription>
          {estimated
            ? "Estimated from PostgreSQL's table statistics (≈)."
            : "Where your service accounts, keys and tokens live."}
        </CardDescription>
      </CardHeader>
      <CardContent>
        {platforms.length === 0 ? (
          <EmptyState
            icon={Server}
            title="No NHIs yet"
            className="border-0 py-6"
            action={
              <ButtonLink href="/inventory" size="sm">
                Go to inventory
              </ButtonLink>
            }
          >
            Import service accounts, API keys and tokens to see them per platform.
          </EmptyState>
        ) : (
          <HorizontalBarChart
            data={platforms.map((p) => ({ label: p.key, value: p.count, estimated: p.estimated }))}
            valueName="NHIs"
          />
        )}
      </CardContent>
    </Card>
  );
}
