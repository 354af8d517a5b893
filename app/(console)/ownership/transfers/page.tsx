import Link from "next/link";
import { ArrowLeftRight, UserRoundCheck } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import {
  listOwnedForTransfer,
  listPendingSuccession,
  listTeams,
  listTransfers,
} from "@/lib/ownership/queries";
import {
  acceptSuccessionAction,
  decideTransferAction,
  offboardOwnerAction,
  requestTransferAction,
} from "@/lib/ownership/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { KindBadge, StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Alert } from "@/components/ui/alert";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time";
import { AcceptSuccession, DecideTransfer, OffboardForm, TransferForm } from "./transfer-forms";

export const metadata = { title: "Ownership transfers" };

export default async function TransfersPage() {
  const user = await requirePageUser("inventory:read");
  const isAdmin = can(user.roles, "ownership:approve");
  const me = user.actorId;
  const [transfers, succession, owned, teams] = me
    ? await Promise.all([listTransfers(me), listPendingSuccession(me), listOwnedForTransfer(me), listTeams()])
    : [{ incoming: [], outgoing: [] }, [], [], await listTeams()];
  const waiting = transfers.incoming.filter((t) => t.status === "PENDING");
  return (
    <>
      <PageHeader
        title="Transfers and succession"
        description="Hand an NHI or agent to another person or team (they accept), and accept what was handed to you — including identities of people who left."
      />
      {!me ? (
        <Alert tone="warning" className="mb-6" title="Your account is not linked to a person">
          Only people in the inventory can own, receive or hand over identities.
        </Alert>
      ) : null}

      {succession.length > 0 ? (
        <Card className="mb-6 border-red-200">
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <UserRoundCheck className="size-4 text-red-600" aria-hidden /> Handed to you by succession
            </CardTitle>
            <CardDescription>
              Their owner or sponsor was offboarded. NHIs stay ORPHANED and agents SUSPENDED until you accept.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <AcceptSuccession items={succession} action={acceptSuccessionAction} />
          </CardContent>
        </Card>
      ) : null}

      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Waiting for you</CardTitle>
        </CardHeader>
        <CardContent>
          {waiting.length === 0 ? (
            <EmptyState icon={ArrowLeftRight} title="No hand-overs waiting">
              When someone hands an identity to you or your team, accept or decline it here.
            </EmptyState>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Identity</TableHead>
                  <TableHead>From</TableHead>
                  <TableHead>Reason</TableHead>
                  <TableHead>Asked</TableHead>
                  <TableHead className="text-right">Decision</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {waiting.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell>
                      <div className="flex items-center gap-2">
                        <KindBadge kind={t.actor.kind} />
                        <Link
                          className="font-medium hover:underline"
                          href={`/ownership/retire/${t.actor.id}`}
                        >
                          {t.actor.displayName}
                        </Link>
                      </div>
                      {t.toTeamId ? <div className="text-xs text-zinc-500">for your team</div> : null}
                    </TableCell>
                    <TableCell>{t.from?.displayName ?? "—"}</TableCell>
                    <TableCell className="max-w-xs whitespace-normal">{t.reason}</TableCell>
                    <TableCell>
                      <TimeAgo date={t.createdAt} />
                    </TableCell>
                    <TableCell className="text-right">
                      <DecideTransfer
                        transferId={t.id}
                        choices={["ACCEPT", "DECLINE"]}
                        action={decideTransferAction}
                      />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Hand over</CardTitle>
            <CardDescription>
              The receiver must be an active person; people who have left or are being offboarded are refused.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {owned.length === 0 ? (
              <p className="text-sm text-zinc-500">You do not own or sponsor anything yet.</p>
            ) : (
              <TransferForm
                owned={owned}
                teams={teams.map((t) => ({
                  value: t.id,
                  label: `${t.name}${t.lead ? ` (lead ${t.lead.displayName})` : " (no lead)"}`,
                }))}
                action={requestTransferAction}
              />
            )}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Sent by you</CardTitle>
          </CardHeader>
          <CardContent>
            {transfers.outgoing.length === 0 ? (
              <p className="text-sm text-zinc-500">Nothing yet.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 text-sm">
                {transfers.outgoing.map((t) => (
                  <li key={t.id} className="flex items-center justify-between gap-3 py-2">
                    <div>
                      <div className="font-medium">
                        {t.actor.displayName} → {t.to.displayName}
                      </div>
                      <div className="text-xs text-zinc-500">
                        <TimeAgo date={t.createdAt} /> · {t.reason}
                      </div>
                    </div>
                    <div className="flex items-center gap-2">
                      <StatusBadge status={t.status} />
                      {t.status === "PENDING" ? (
                        <DecideTransfer
                          transferId={t.id}
                          choices={["CANCEL"]}
                          action={decideTransferAction}
                        />
                      ) : null}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>

      {isAdmin ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>Offboard an owner</CardTitle>
            <CardDescription>
              Marks the person as leaving (as the SCIM leaver flow does) and applies succession: their NHIs go
              to their manager, else their team lead, as pending owner; agents they sponsor are suspended
              until a new sponsor accepts.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <OffboardForm action={offboardOwnerAction} />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
