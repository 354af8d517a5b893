import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { getPolicyVersion } from "@/lib/policy/queries";
import { simulateVersion } from "@/lib/policy/simulate";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";

export const metadata = { title: "Simulate policy" };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SimulatePage({ params, searchParams }: Props) {
  await requirePageUser("policy:read");
  const { id } = await params;
  const sp = await searchParams;
  const versionId = one(sp.version) ?? "";
  const limit = Math.min(Math.max(Number(one(sp.limit)) || 1000, 1), 5000);
  const version = (await getPolicyVersion(id, versionId)) ?? notFound();
  const sim = await simulateVersion(versionId, limit);
  const tone = (d: string) => (d === "ALLOW" ? "success" : "danger");
  return (
    <>
      <PageHeader
        title={`What if version ${version.version} were active?`}
        description={`Replays the last ${limit.toLocaleString()} logged decisions against today's inventory, under this version and under the active policies.`}
      />
      <div className="mb-3 text-sm">
        <Link href={`/policies/${id}?version=${version.version}`} className="text-indigo-700 hover:underline">
          ← Back to version {version.version}
        </Link>
      </div>
      <Alert
        tone={sim.changed.length ? "warning" : "success"}
        title={`${sim.changed.length} of ${sim.replayed.toLocaleString()} decisions would change`}
        className="mb-4"
      >
        Draft <code className="text-xs">{sim.draftHash.slice(0, 12)}</code> vs active{" "}
        <code className="text-xs">{sim.activeHash.slice(0, 12)}</code>
        {sim.skipped ? ` · ${sim.skipped} entries could not be replayed (truncated context)` : ""}
      </Alert>
      {sim.changed.length === 0 ? (
        <EmptyState title="No decision would change">
          Activating this version keeps every replayed answer the same.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Request</TableHead>
                <TableHead>Logged</TableHead>
                <TableHead>Active now</TableHead>
                <TableHead>With this version</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sim.changed.map((c) => (
                <TableRow key={c.seq}>
                  <TableCell className="text-xs text-zinc-600">
                    #{c.seq}
                    <br />
                    {formatDateTime(c.at)}
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {c.request.subject.type}:{c.request.subject.id}
                    <br />
                    {c.request.action.name} → {c.request.resource.type}:{c.request.resource.id}
                  </TableCell>
                  <TableCell>
                    <Badge tone={tone(c.logged)}>{c.logged.toLowerCase()}</Badge>
                  </TableCell>
                  <TableCell>
                    <Badge tone={tone(c.active)}>{c.active.toLowerCase()}</Badge>
                  </TableCell>
                  <TableCell>
                    <Badge tone={tone(c.draft)}>{c.draft.toLowerCase()}</Badge>
                    <div className="mt-1 text-xs text-zinc-600">{c.draftReason}</div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
