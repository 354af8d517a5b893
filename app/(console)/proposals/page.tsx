import Link from "next/link";
import { Inbox } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { listDecidedProposals, listPendingProposals } from "@/lib/proposals/queries";
import { decideProposalAction } from "@/lib/proposals/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time";
import { DecideProposalForm } from "./decide-form";

export const metadata = { title: "Proposals" };

export default async function ProposalsPage() {
  const user = await requirePageUser("dashboard:view");
  if (!user.actorId) {
    return (
      <>
        <PageHeader title="Proposals" />
        <Alert tone="warning" title="Your account is not linked to a person">
          Only sponsors and the people agents act for decide proposals.
        </Alert>
      </>
    );
  }
  const [pending, decided] = await Promise.all([
    listPendingProposals(user.actorId),
    listDecidedProposals(user.actorId),
  ]);
  return (
    <>
      <PageHeader
        title="Proposals"
        description="Actions your agents (or agents acting for you) proposed. Approving needs your authenticator code and unlocks that one action, with those exact arguments, for minutes — never standing access, and never past a policy that denies it."
      />
      {pending.length === 0 ? (
        <EmptyState icon={Inbox} title="Nothing to decide">
          When an agent needs your approval, its proposal appears here and in your inbox.
        </EmptyState>
      ) : (
        <div className="grid gap-4" data-testid="pending-proposals">
          {pending.map((p) => (
            <Card key={p.id}>
              <CardHeader>
                <CardTitle>
                  {p.agent.displayName} proposes <code className="text-sm">{p.action}</code> on{" "}
                  <code className="text-sm">{p.resource}</code>
                </CardTitle>
                <CardDescription>
                  proposed <TimeAgo date={p.createdAt} />, expires <TimeAgo date={p.expiresAt!} />
                  {p.onBehalfOf ? ` · on behalf of ${p.onBehalfOf.displayName}` : ""}
                  {p.task ? ` · task: ${p.task}` : ""}
                </CardDescription>
              </CardHeader>
              <CardContent className="space-y-3">
                <dl className="grid gap-2 text-sm sm:grid-cols-[10rem_1fr]">
                  <dt className="text-zinc-500">Stated reason</dt>
                  <dd>{p.reason ?? "No reason given."}</dd>
                  <dt className="text-zinc-500">Arguments</dt>
                  <dd>
                    <pre className="max-h-40 overflow-auto rounded bg-zinc-50 p-2 text-xs">
                      {JSON.stringify(p.arguments, null, 2)}
                    </pre>
                  </dd>
                  <dt className="text-zinc-500">Policy result</dt>
                  <dd>
                    {p.policyResult}
                    {p.policies.length ? (
                      <span className="text-xs text-zinc-500"> ({p.policies.join(", ")})</span>
                    ) : null}
                  </dd>
                </dl>
                <DecideProposalForm proposalId={p.id} action={decideProposalAction} />
              </CardContent>
            </Card>
          ))}
        </div>
      )}
      {decided.length ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>Decided recently</CardTitle>
            <CardDescription>
              The decisions they unlocked are in{" "}
              <Link className="underline" href="/decisions">
                Decisions
              </Link>
              .
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="divide-y divide-zinc-100 text-sm">
              {decided.map((d) => (
                <li key={d.id} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    {d.agent.displayName}: <code className="text-xs">{d.action}</code> on{" "}
                    <code className="text-xs">{d.resource}</code>
                    {d.status === "APPROVED" ? (
                      <span className="text-xs text-zinc-500">
                        {" "}
                        · {d.maxUses - d.usesLeft} of {d.maxUses} use(s) made
                      </span>
                    ) : null}
                  </span>
                  <StatusBadge status={d.status} />
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
