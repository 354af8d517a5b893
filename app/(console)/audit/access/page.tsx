import type { Metadata } from "next";
import Link from "next/link";
import { History } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import {
  accessAtSchema,
  listResourcesForPicker,
  whoHadAccess,
  type AccessAtRow,
} from "@/lib/audit/access-at";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { EmptyState } from "@/components/ui/empty-state";
import { KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";

export const metadata: Metadata = { title: "Access at a point in time · Triad" };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";

export default async function AccessAtPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("audit:read");
  const sp = await searchParams;
  const resources = await listResourcesForPicker(one(sp.rq).slice(0, 100));
  const asked = one(sp.resource) || one(sp.at);
  const parsed = asked ? accessAtSchema.safeParse({ resource: one(sp.resource), at: one(sp.at) }) : null;
  const result = parsed?.success ? await whoHadAccess(parsed.data.resource, parsed.data.at) : null;
  return (
    <>
      <PageHeader
        title="Who had access, and why"
        description="Pick a resource and a moment: every grant that was in force then, including those since expired or revoked, each with its access story."
      />
      <form
        method="get"
        className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-zinc-200 bg-white p-4"
      >
        <div>
          <Label htmlFor="a-resource">Resource</Label>
          <select
            id="a-resource"
            name="resource"
            defaultValue={one(sp.resource)}
            className="mt-1 block h-9 min-w-64 rounded-md border border-zinc-300 bg-white px-2 text-sm"
          >
            <option value="">Choose…</option>
            {resources.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <Label htmlFor="a-at">On (UTC)</Label>
          <Input id="a-at" name="at" type="datetime-local" defaultValue={one(sp.at)} className="mt-1 h-9" />
        </div>
        <Button type="submit" size="sm">
          Show access
        </Button>
      </form>
      {parsed && !parsed.success ? (
        <Alert tone="warning">{parsed.error.issues.map((i) => i.message).join("; ")}</Alert>
      ) : null}
      {result ? <AccessTable rows={result.rows} truncated={result.truncated} /> : null}
    </>
  );
}

function AccessTable({ rows, truncated }: { rows: AccessAtRow[]; truncated: boolean }) {
  if (!rows.length)
    return (
      <EmptyState icon={History} title="Nobody held access then">
        No grant on this resource was in force at that moment.
      </EmptyState>
    );
  return (
    <>
      {truncated ? (
        <Alert tone="info" className="mb-3">
          Showing the first 500 grants.
        </Alert>
      ) : null}
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>Who</TableHead>
            <TableHead>Entitlement</TableHead>
            <TableHead>How granted</TableHead>
            <TableHead>Granted</TableHead>
            <TableHead>Ended</TableHead>
            <TableHead>Now</TableHead>
            <TableHead>Why</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.grantId}>
              <TableCell>
                <span className="flex items-center gap-1.5">
                  <KindBadge kind={r.actor.kind} /> {r.actor.displayName}
                </span>
              </TableCell>
              <TableCell>
                {r.entitlement.name}
                {r.entitlement.privileged ? " (privileged)" : ""}
              </TableCell>
              <TableCell>{humanize(r.source)}</TableCell>
              <TableCell className="whitespace-nowrap">{formatDateTime(r.grantedAt)}</TableCell>
              <TableCell className="whitespace-nowrap">
                {r.endedAt ? `${formatDateTime(r.endedAt)} (${humanize(r.endedHow ?? "")})` : "—"}
              </TableCell>
              <TableCell>
                <StatusBadge status={r.statusNow} />
              </TableCell>
              <TableCell>
                <Link className="text-indigo-700 underline" href={`/audit/access/${r.grantId}`}>
                  Access story
                </Link>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
}
