import Link from "next/link";
import { notFound } from "next/navigation";
import { can } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { updateEntitlementSettingsAction } from "@/lib/inventory/actions";
import { getEntitlement } from "@/lib/inventory/resources";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatTile } from "@/components/ui/stat-tile";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";
import { RiskBadge } from "../../inventory/_components/inventory-table";
import { AccessSettingsCard } from "./access-settings";
import { HOLDER_TOTAL_CAP, holderCount } from "@/lib/inventory/holders";

export const metadata = { title: "Entitlement" };

export default async function EntitlementPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ page?: string }>;
}) {
  const user = await requirePageUser("inventory:read");
  const page = Math.max(1, Math.min(100_000, Number((await searchParams).page) || 1));
  const e = (await getEntitlement((await params).id, page)) ?? notFound();
  const pages = Math.max(1, Math.ceil(e.total / 50));
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-2">
            {e.name} {e.privileged ? <Badge tone="danger">Privileged</Badge> : null}
          </span>
        }
        description={
          <>
            on{" "}
            <Link href={`/resources/${e.resource.id}`} className="text-indigo-700 underline">
              {e.resource.name}
            </Link>{" "}
            ({humanize(e.resource.kind)}, {humanize(e.resource.sensitivity)})
          </>
        }
      />
      <div className="mb-4 grid gap-4 sm:grid-cols-4">
        <StatTile
          label="Holders"
          value={holderCount(e.total, e.total > HOLDER_TOTAL_CAP, HOLDER_TOTAL_CAP)}
        />
        <StatTile label="Humans" value={holderCount(e.breakdown.HUMAN, e.breakdown.capped)} />
        <StatTile label="NHIs" value={holderCount(e.breakdown.NHI, e.breakdown.capped)} />
        <StatTile label="Agents" value={holderCount(e.breakdown.AGENT, e.breakdown.capped)} />
      </div>
      <AccessSettingsCard
        entitlementId={e.id}
        settings={e}
        canEdit={can(user.roles, updateEntitlementSettingsAction.permission)}
      />
      <Card>
        <CardHeader>
          <CardTitle>Who holds it</CardTitle>
          <CardDescription>Active grants, newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {e.holders.length ? (
            <>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Actor</TableHead>
                    <TableHead>Kind</TableHead>
                    <TableHead>Status</TableHead>
                    <TableHead>Risk</TableHead>
                    <TableHead>Source</TableHead>
                    <TableHead>Granted</TableHead>
                    <TableHead>Expires</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {e.holders.map((g) => (
                    <TableRow key={g.id}>
                      <TableCell>
                        <Link
                          href={`/actors/${g.actor.id}`}
                          className="font-medium text-indigo-700 hover:underline"
                        >
                          {g.actor.displayName}
                        </Link>
                      </TableCell>
                      <TableCell>
                        <KindBadge kind={g.actor.kind} />
                      </TableCell>
                      <TableCell>
                        <StatusBadge status={g.actor.status} />
                      </TableCell>
                      <TableCell>
                        <RiskBadge score={g.actor.riskScore} />
                      </TableCell>
                      <TableCell>{humanize(g.source)}</TableCell>
                      <TableCell>{formatDateTime(g.grantedAt)}</TableCell>
                      <TableCell>{g.expiresAt ? formatDateTime(g.expiresAt) : "No expiry"}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {pages > 1 ? (
                <div className="mt-3 flex items-center justify-end gap-2 text-xs text-zinc-600">
                  Page {page} of {pages}
                  {page > 1 ? (
                    <ButtonLink size="sm" href={`?page=${page - 1}`}>
                      Previous
                    </ButtonLink>
                  ) : null}
                  {page < pages ? (
                    <ButtonLink size="sm" href={`?page=${page + 1}`}>
                      Next
                    </ButtonLink>
                  ) : null}
                </div>
              ) : null}
            </>
          ) : (
            <EmptyState title="Nobody holds this entitlement">
              It can be requested, or granted by a grants import.
            </EmptyState>
          )}
        </CardContent>
      </Card>
    </>
  );
}
