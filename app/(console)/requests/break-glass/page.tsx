import { Siren } from "lucide-react";
import { requirePageUser } from "@/lib/auth/session";
import { searchEntitlements } from "@/lib/requests/queries";
import {
  BREAK_GLASS_MAX_MINUTES,
  BREAK_GLASS_RATIFY_MINUTES,
  DURATION_PRESETS,
  formatMinutes,
} from "@/lib/requests/limits";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent } from "@/components/ui/card";
import { Alert } from "@/components/ui/alert";
import { BreakGlassForm } from "./break-glass-form";

export const metadata = { title: "Break-glass" };

export default async function BreakGlassPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser("requests:break_glass");
  const raw = await searchParams;
  const q = typeof raw.q === "string" ? raw.q : "";
  const options = (await searchEntitlements(q, 200)).map((e) => ({
    value: e.id,
    label: `${e.name} on ${e.resource.name}${e.privileged ? " (privileged)" : ""}`,
  }));
  return (
    <>
      <PageHeader
        title="Break-glass access"
        description={`Immediate access for yourself, at most ${formatMinutes(BREAK_GLASS_MAX_MINUTES)}, for emergencies only.`}
      />
      <Alert tone="warning" className="mb-4" title="Every break-glass is reviewed">
        <Siren className="mr-1 inline size-4" aria-hidden /> Access starts now. Another admin must ratify it
        within {formatMinutes(BREAK_GLASS_RATIFY_MINUTES)}, or it is revoked and shows on the dashboard as a
        finding. Never for agents.
      </Alert>
      <Card className="max-w-2xl">
        <CardContent className="pt-5">
          {user.actorId ? (
            <BreakGlassForm
              entitlements={options}
              presets={DURATION_PRESETS.filter((p) => p.minutes <= BREAK_GLASS_MAX_MINUTES).map((p) => ({
                value: String(p.minutes),
                label: p.label,
              }))}
            />
          ) : (
            <Alert tone="warning">Your console account is not linked to a person in the inventory.</Alert>
          )}
        </CardContent>
      </Card>
    </>
  );
}
