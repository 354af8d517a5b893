import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { getResource } from "@/lib/inventory/resources";
import { Badge, humanize } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";
import { holderCount } from "@/lib/inventory/holders";

export const metadata = { title: "Resource" };

export default async function ResourcePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageUser("inventory:read");
  const r = (await getResource((await params).id)) ?? notFound();
  return (
    <>
      <PageHeader
        title={r.name}
        description={r.description ?? `${humanize(r.kind)} from ${r.sourceSystem}`}
      />
      <Card className="mb-4">
        <CardContent className="pt-6">
          <DescriptionList
            columns={3}
            items={[
              { label: "Kind", value: humanize(r.kind) },
              { label: "Sensitivity", value: humanize(r.sensitivity) },
              { label: "Environment", value: humanize(r.environment) },
              {
                label: "Owner",
                value: r.owner ? (
                  <Link href={`/actors/${r.owner.id}`} className="text-indigo-700 hover:underline">
                    {r.owner.displayName}
                  </Link>
                ) : null,
              },
              { label: "Source", value: `${r.sourceSystem} · ${r.externalId}` },
              { label: "Added", value: formatDateTime(r.createdAt) },
            ]}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Entitlements</CardTitle>
          <CardDescription>
            Roles and scopes on this resource, privileged first, with who holds them now.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {r.entitlements.length ? (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Entitlement</TableHead>
                  <TableHead className="text-right">Humans</TableHead>
                  <TableHead className="text-right">NHIs</TableHead>
                  <TableHead className="text-right">Agents</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {r.entitlements.map((e) => (
                  <TableRow key={e.id}>
                    <TableCell>
                      <Link
                        href={`/entitlements/${e.id}`}
                        className="font-medium text-indigo-700 hover:underline"
                      >
                        {e.name}
                      </Link>{" "}
                      {e.privileged ? <Badge tone="danger">Privileged</Badge> : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {holderCount(e.holders.HUMAN, e.holders.capped)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {holderCount(e.holders.NHI, e.holders.capped)}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {holderCount(e.holders.AGENT, e.holders.capped)}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <EmptyState title="No entitlements">
              Import a grants CSV naming this resource to add its roles and scopes.
            </EmptyState>
          )}
        </CardContent>
      </Card>
    </>
  );
}
