import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { getAgentForEdit, listLiveSessions } from "@/lib/agents/queries";
import { formatBoundary } from "@/lib/agents/boundary";
import { getLifecycle } from "@/lib/retirement/queries";
import { STEP_LABELS } from "@/lib/retirement/steps";
import {
  completeAgentRetirementStepAction,
  killSessionAction,
  setAgentStatusAction,
  startAgentRetirementAction,
  updateAgentAction,
} from "@/lib/agents/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { AgentForm } from "../../agent-form";
import {
  KillSessionButton,
  RetirementStepForm,
  StartRetirementForm,
  StatusForm,
} from "../../lifecycle-forms";

export const metadata = { title: "Edit agent" };

export default async function EditAgentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("agents:sponsor");
  const caller = callerOf(user);
  const { id } = await params;
  const a = await getAgentForEdit(caller, id);
  if (!a) notFound();
  const [sessions, lifecycle] = await Promise.all([
    listLiveSessions(caller, { agentId: a.id }),
    getLifecycle(a.id),
  ]);
  const g = a.agent;
  const retiring = a.status === "RETIRED" || lifecycle?.retirement.started;
  return (
    <>
      <PageHeader
        title={
          <span className="flex items-center gap-3">
            {a.displayName} <StatusBadge status={a.status} />
          </span>
        }
        description={
          <>
            Sponsor: {g.sponsor?.displayName ?? "none — suspended until someone accepts"}. Every change is
            recorded in the ledger with what changed.{" "}
            <Link className="underline" href={`/actors/${a.id}`}>
              Inventory record
            </Link>
          </>
        }
      />
      <div className="grid gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Definition and tool boundary</CardTitle>
          </CardHeader>
          <CardContent>
            <AgentForm
              action={updateAgentAction}
              submit="Save changes"
              values={{
                agentId: a.id,
                name: a.displayName,
                model: g.model,
                provider: g.provider,
                runtime: g.runtime,
                autonomy: g.autonomyLevel,
                onBehalfOf: g.onBehalfOf,
                actFor: g.actForEmails.join(", "),
                boundary: formatBoundary(g.boundary),
                attestationDays: g.attestationDays,
                maxSessionTtlMinutes: g.maxSessionTtlMinutes,
                expiresAt: g.expiresAt ? g.expiresAt.toISOString().slice(0, 10) : "",
              }}
            />
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Live sessions</CardTitle>
            <CardDescription>
              Killing a session refuses every token of it at once, in every Triad process.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {sessions.length === 0 ? (
              <p className="text-sm text-zinc-500">No live sessions.</p>
            ) : (
              <ul className="divide-y divide-zinc-100 text-sm">
                {sessions.map((s) => (
                  <li key={s.id} className="flex items-center justify-between gap-3 py-2">
                    <div>
                      <div className="font-medium">{s.task}</div>
                      <div className="text-xs text-zinc-500">
                        started <TimeAgo date={s.startedAt} /> · {s.calls} calls, {s.denies} denied
                        {s.onBehalfOf ? ` · for ${s.onBehalfOf.displayName}` : ""} ·{" "}
                        <Link className="underline" href={`/agents/sessions#${s.id}`}>
                          decisions
                        </Link>
                      </div>
                    </div>
                    <KillSessionButton
                      sessionId={s.id}
                      label={`Kill session ${s.task ?? ""}`}
                      action={killSessionAction}
                    />
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Suspend or resume</CardTitle>
              <CardDescription>A suspended agent opens no sessions and gets no tokens.</CardDescription>
            </CardHeader>
            <CardContent>
              {a.status === "ACTIVE" || a.status === "SUSPENDED" ? (
                <StatusForm agentId={a.id} status={a.status} action={setAgentStatusAction} />
              ) : (
                <p className="text-sm text-zinc-500">Not while it is {a.status.toLowerCase()}.</p>
              )}
              <p className="mt-4 text-sm text-zinc-600">
                Hand it to another sponsor in{" "}
                <Link className="underline" href="/ownership/transfers">
                  Ownership → Transfers
                </Link>
                .
              </p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Retire</CardTitle>
              <CardDescription>
                The same checklist as NHIs: disable, revoke credentials, remove grants, confirm, archive — in
                order.
              </CardDescription>
            </CardHeader>
            <CardContent>
              {!retiring ? (
                <StartRetirementForm agentId={a.id} action={startAgentRetirementAction} />
              ) : (
                <ol className="space-y-2 text-sm">
                  {lifecycle?.retirement.steps.map(({ step, row }) => (
                    <li key={step} className="flex items-center justify-between gap-3">
                      <span>{STEP_LABELS[step].title}</span>
                      {row?.completedAt ? (
                        <StatusBadge status="DONE" tone="success" />
                      ) : lifecycle.retirement.next === step ? (
                        <RetirementStepForm
                          agentId={a.id}
                          step={step}
                          title={STEP_LABELS[step].title}
                          needsEvidence={step === "CONFIRM_TARGET"}
                          action={completeAgentRetirementStepAction}
                        />
                      ) : (
                        <span className="text-xs text-zinc-400">waiting</span>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
