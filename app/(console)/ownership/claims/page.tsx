import Link from "next/link";
import { ClipboardCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listMyClaims, listPendingClaims } from "@/lib/ownership/queries";
import { decideClaimAction } from "@/lib/ownership/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KindBadge, StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { DecideClaim } from "./decide-claim";

export const metadata = { title: "Ownership claims" };

export default async function ClaimsPage() {
  const user = await requirePageUser("inventory:read");
  const isAdmin = can(user.roles, "ownership:approve");
  const [pending, mine] = await Promise.all([
    isAdmin ? listPendingClaims() : Promise.resolve([]),
    user.actorId ? listMyClaims(user.actorId) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader
        title="Ownership claims"
        description="Claims that need a security admin, and the outcome of your own claims — rejected claims say why."
      />
      {isAdmin ? (
        <Card className="mb-6">
          <CardHeader>
            <CardTitle>Waiting for a decision</CardTitle>
            <CardDescription>
              Approve when the claimant is the right accountable person; reject with a reason they will see.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {pending.length === 0 ? (
              <EmptyState icon={ClipboardCheck} title="No claims waiting">
                Claims that cannot be approved automatically appear here.
              </EmptyState>
            ) : (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Identity</TableHead>
                    <TableHead>Claimant</TableHead>
                    <TableHead>Justification</TableHead>
                    <TableHead>Asked</TableHead>
                    <TableHead className="text-right">Decision</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {pending.map((c) => (
                    <TableRow key={c.id} data-testid={`claim-${c.actor.displayName}`}>
                      <TableCell>
                        <div className="flex items-center gap-2">
                          <KindBadge kind={c.actor.kind} />
                          <Link
                            href={`/ownership/retire/${c.actor.id}`}
                            className="font-medium hover:underline"
                          >
                            {c.actor.displayName}
                          </Link>
                        </div>
                        {c.actor.nhi ? (
                          <div className="text-xs text-zinc-500">
                            {c.actor.nhi.platform}
                            {c.actor.nhi.platformAccount ? ` / ${c.actor.nhi.platformAccount}` : ""}
                          </div>
                        ) : null}
                      </TableCell>
                      <TableCell>
                        {c.claimant.displayName}
                        <div className="text-xs text-zinc-500">{c.claimant.team?.name ?? "no team"}</div>
                      </TableCell>
                      <TableCell className="max-w-xs text-sm whitespace-normal text-zinc-700">
                        {c.justification}
                      </TableCell>
                      <TableCell>
                        <TimeAgo date={c.createdAt} />
                      </TableCell>
                      <TableCell className="text-right">
                        {c.claimantId === user.actorId ? (
                          <span className="text-xs text-zinc-500">your own claim</span>
                        ) : (
                          <DecideClaim claimId={c.id} name={c.actor.displayName} action={decideClaimAction} />
                        )}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Your claims</CardTitle>
        </CardHeader>
        <CardContent>
          {mine.length === 0 ? (
            <EmptyState
              icon={ClipboardCheck}
              title="You have not claimed anything yet"
              action={
                <Link className="text-sm font-medium text-indigo-700 hover:underline" href="/ownership">
                  Open the claim queue
                </Link>
              }
            >
              Claim the NHIs your services use from the claim queue.
            </EmptyState>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Identity</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Why</TableHead>
                  <TableHead>Claimed</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {mine.map((c) => (
                  <TableRow key={c.id}>
                    <TableCell>
                      <Link href={`/ownership/retire/${c.actor.id}`} className="font-medium hover:underline">
                        {c.actor.displayName}
                      </Link>
                    </TableCell>
                    <TableCell>
                      <StatusBadge status={c.status} />
                    </TableCell>
                    <TableCell className="max-w-md text-sm whitespace-normal text-zinc-600">
                      {c.decisionReason ?? (c.status === "PENDING" ? "Waiting for a security admin." : "")}
                    </TableCell>
                    <TableCell>
                      <TimeAgo date={c.createdAt} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </>
  );
}
