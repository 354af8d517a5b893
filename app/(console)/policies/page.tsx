import Link from "next/link";
import { ScrollText } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listPolicySets, getActiveVersionsSummary } from "@/lib/policy/queries";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { NewPolicySetDialog } from "./new-policy-set-dialog";

export const metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const user = await requirePageUser("policy:read");
  const [sets, active] = await Promise.all([listPolicySets(), getActiveVersionsSummary()]);
  const canWrite = can(user.roles, "policy:write");
  return (
    <>
      <PageHeader
        title="Policies"
        description="Cedar policy sets, versioned and validated against Triad's schema. The active versions together decide every request; their hash is recorded with each decision."
        actions={canWrite ? <NewPolicySetDialog /> : null}
      />
      {active.length ? (
        <Alert
          tone="info"
          title={`${active.length} active policy set${active.length > 1 ? "s" : ""}`}
          className="mb-4"
        >
          {active.map((a) => (
            <span key={a.id} className="mr-4 inline-block">
              {a.policySet.name} v{a.version} <code className="text-xs">{a.hash.slice(0, 12)}</code>
            </span>
          ))}
        </Alert>
      ) : null}
      {sets.length === 0 ? (
        <EmptyState
          icon={ScrollText}
          title="No policy sets"
          action={canWrite ? <NewPolicySetDialog /> : undefined}
        >
          Without an active policy every request is denied. Create a set, or run the demo seed for the starter
          policies.
        </EmptyState>
      ) : (
        <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Policy set</TableHead>
                <TableHead>Latest version</TableHead>
                <TableHead>Versions</TableHead>
                <TableHead>Test cases</TableHead>
                <TableHead>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {sets.map((s) => {
                const latest = s.versions[0];
                return (
                  <TableRow key={s.id}>
                    <TableCell>
                      <Link
                        href={`/policies/${s.id}`}
                        className="font-medium text-indigo-700 hover:underline"
                      >
                        {s.name}
                      </Link>
                      {s.description ? (
                        <div className="max-w-xl truncate text-xs text-zinc-500">{s.description}</div>
                      ) : null}
                    </TableCell>
                    <TableCell>
                      {latest ? (
                        <>
                          v{latest.version}{" "}
                          <Badge
                            tone={
                              latest.status === "ACTIVE"
                                ? "success"
                                : latest.status === "DRAFT"
                                  ? "info"
                                  : "neutral"
                            }
                          >
                            {latest.status.toLowerCase()}
                          </Badge>
                        </>
                      ) : (
                        "—"
                      )}
                    </TableCell>
                    <TableCell>{s._count.versions}</TableCell>
                    <TableCell>{s._count.testCases}</TableCell>
                    <TableCell className="text-sm text-zinc-600">
                      {latest ? <TimeAgo date={latest.createdAt} /> : "—"}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </>
  );
}
