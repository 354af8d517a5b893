import { Bot } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { parseTableParams } from "@/lib/table/search-params";
import { agentTable, listAgents, listUnsponsoredAgents } from "@/lib/agents/queries";
import { claimAgentAction } from "@/lib/agents/actions";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ClaimAgentForm } from "./lifecycle-forms";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { AgentsTable } from "./agents-table";

export const metadata = { title: "Agents" };

export default async function AgentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("agents:sponsor");
  const caller = callerOf(user);
  const [{ rows, total }, unsponsored] = await Promise.all([
    listAgents(caller, parseTableParams(await searchParams, agentTable)),
    listUnsponsoredAgents(),
  ]);
  return (
    <>
      <PageHeader
        title="Agents"
        description={
          caller.isAdmin
            ? "Every AI agent: its sponsor, autonomy, tool boundary and live sessions."
            : "The AI agents you sponsor: their autonomy, tool boundary and live sessions. You are accountable for what they do."
        }
        actions={
          <div className="flex gap-2">
            <ButtonLink href="/agents/sessions" variant="outline" size="sm">
              Live sessions
            </ButtonLink>
            <ButtonLink href="/agents/consents" variant="outline" size="sm">
              My consents
            </ButtonLink>
          </div>
        }
      />
      <AgentsTable
        rows={rows}
        total={total}
        actions={
          <ButtonLink href="/agents/new" variant="primary" size="sm">
            Register agent
          </ButtonLink>
        }
        emptyState={
          <EmptyState icon={Bot} title="No agents yet">
            Register an agent to give it a tool boundary, a sponsor and sessions.
          </EmptyState>
        }
      />
      {unsponsored.length ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>Agents without a sponsor</CardTitle>
            <CardDescription>
              Suspended until someone accepts accountability for them. A security admin approves each claim.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-3">
            {unsponsored.map((a) => (
              <ClaimAgentForm
                key={a.id}
                agentId={a.id}
                name={`${a.displayName} (${a.agent?.provider ?? ""} ${a.agent?.model ?? ""})`}
                action={claimAgentAction}
              />
            ))}
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
