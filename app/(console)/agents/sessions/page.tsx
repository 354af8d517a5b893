import Link from "next/link";
import { Activity } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { listLiveSessions, listSessionDecisions } from "@/lib/agents/queries";
import { killSessionAction } from "@/lib/agents/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { TimeAgo } from "@/components/ui/time";
import { KillSessionButton } from "../lifecycle-forms";

export const metadata = { title: "Live agent sessions" };

export default async function SessionsPage() {
  const user = await requirePageUser("agents:sponsor");
  const sessions = await listLiveSessions(callerOf(user), { take: 50 });
  const decisions = await Promise.all(
    sessions.map((s) => listSessionDecisions({ id: s.id, agentId: s.agent.id, startedAt: s.startedAt }, 10)),
  );
  return (
    <>
      <PageHeader
        title="Live agent sessions"
        description="Every run of an agent is a session with a task and a short-lived token. Kill one and its tokens are refused at once, in every Triad process."
      />
      {sessions.length === 0 ? (
        <EmptyState icon={Activity} title="No live sessions">
          An agent opens one with POST /api/v1/agent-sessions (see the README).
        </EmptyState>
      ) : (
        <div className="grid gap-4">
          {sessions.map((s, i) => (
            <Card key={s.id} id={s.id}>
              <CardHeader className="flex flex-row items-start justify-between gap-4">
                <div>
                  <CardTitle>
                    <Link className="hover:underline" href={`/agents/${s.agent.id}/edit`}>
                      {s.agent.displayName}
                    </Link>{" "}
                    · {s.task}
                  </CardTitle>
                  <CardDescription>
                    started <TimeAgo date={s.startedAt} />, ends <TimeAgo date={s.expiresAt} /> · {s.calls}{" "}
                    calls, {s.denies} denied
                    {s.onBehalfOf ? ` · on behalf of ${s.onBehalfOf.displayName}` : ""}
                  </CardDescription>
                </div>
                <KillSessionButton
                  sessionId={s.id}
                  label={`Kill session of ${s.agent.displayName}`}
                  action={killSessionAction}
                />
              </CardHeader>
              <CardContent>
                {decisions[i].length === 0 ? (
                  <p className="text-sm text-zinc-500">No decisions yet.</p>
                ) : (
                  <ul className="divide-y divide-zinc-100 text-sm">
                    {decisions[i].map((d) => (
                      <li key={d.seq} className="flex items-center gap-3 py-1.5">
                        <Badge tone={d.decision === "ALLOW" ? "success" : "danger"}>
                          {d.decision.toLowerCase()}
                        </Badge>
                        <code className="text-xs">{d.action}</code>
                        <span className="font-mono text-xs">{d.resource}</span>
                        <span className="truncate text-xs text-zinc-500">{d.reason}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
