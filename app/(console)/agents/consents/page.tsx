import { requirePageUser } from "@/lib/auth/session";
import { listActiveAgentsForConsent } from "@/lib/agents/queries";
import { listMyConsents } from "@/lib/agents/consents";
import { giveConsentAction, revokeConsentAction } from "@/lib/agents/actions";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { StatusBadge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { GiveConsentForm, RevokeConsentButton } from "./consent-forms";

export const metadata = { title: "Agents acting for me" };

export default async function ConsentsPage() {
  const user = await requirePageUser("dashboard:view");
  if (!user.actorId) {
    return (
      <>
        <PageHeader title="Agents acting for me" />
        <Alert tone="warning" title="Your account is not linked to a person">
          No agent can act on your behalf.
        </Alert>
      </>
    );
  }
  const [agents, consents] = await Promise.all([listActiveAgentsForConsent(), listMyConsents(user.actorId)]);
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Agents acting for me"
        description="An agent acts for you only with your recorded consent: what, and for how long. Its access is never more than yours. Withdraw it and its sessions for you end at once."
      />
      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Give consent</CardTitle>
        </CardHeader>
        <CardContent>
          <GiveConsentForm agents={agents} action={giveConsentAction} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Your consents</CardTitle>
          <CardDescription>Newest first.</CardDescription>
        </CardHeader>
        <CardContent>
          {consents.length === 0 ? (
            <p className="text-sm text-zinc-500">None yet.</p>
          ) : (
            <ul className="divide-y divide-zinc-100 text-sm">
              {consents.map((c) => {
                const status = c.revokedAt ? "REVOKED" : c.expiresAt <= now ? "EXPIRED" : "ACTIVE";
                return (
                  <li key={c.id} className="flex items-center justify-between gap-3 py-2">
                    <div>
                      <div className="font-medium">
                        {c.agent.displayName}: {c.purpose}
                      </div>
                      <div className="text-xs text-zinc-500">
                        given <TimeAgo date={c.createdAt} />, until <TimeAgo date={c.expiresAt} />
                        {c.scopes.length ? ` · scopes ${c.scopes.join(" ")}` : ""}
                      </div>
                    </div>
                    <div className="flex items-center gap-2">
                      <StatusBadge status={status} />
                      {status === "ACTIVE" ? (
                        <RevokeConsentButton consentId={c.id} action={revokeConsentAction} />
                      ) : null}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </CardContent>
      </Card>
    </>
  );
}
