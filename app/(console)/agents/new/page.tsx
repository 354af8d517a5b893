import { requirePageUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/ownership/caller";
import { registerAgentAction } from "@/lib/agents/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { AgentForm } from "../agent-form";

export const metadata = { title: "Register agent" };

export default async function NewAgentPage() {
  const user = await requirePageUser("agents:sponsor");
  return (
    <>
      <PageHeader
        title="Register agent"
        description="You become its sponsor: the human accountable for what it does. Give it the narrowest tool boundary that does the job."
      />
      <Card>
        <CardContent className="pt-6">
          <AgentForm
            action={registerAgentAction}
            admin={callerOf(user).isAdmin}
            submit="Register agent"
            values={{
              name: "",
              model: "",
              provider: "",
              runtime: "",
              autonomy: "ACT_WITH_APPROVAL",
              onBehalfOf: "SPONSOR",
              actFor: "",
              boundary: "",
              attestationDays: 90,
              maxSessionTtlMinutes: 60,
              expiresAt: "",
            }}
          />
        </CardContent>
      </Card>
    </>
  );
}
