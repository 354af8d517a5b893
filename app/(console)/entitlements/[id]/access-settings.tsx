import type { EntitlementSettings } from "@/lib/inventory/entitlement-settings-schema";
import { updateEntitlementSettingsAction } from "@/lib/inventory/actions";
import { formatMinutes, maxDurationMinutes } from "@/lib/requests/limits";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DescriptionList } from "@/components/ui/description-list";
import { AccessSettingsForm } from "./access-settings-form";

/** How requests for this entitlement are bounded and routed; admins change it here. */
export function AccessSettingsCard({
  entitlementId,
  settings,
  canEdit,
}: {
  entitlementId: string;
  settings: EntitlementSettings;
  canEdit: boolean;
}) {
  const effective = formatMinutes(maxDurationMinutes(settings));
  const own = settings.maxDurationMinutes;
  return (
    <Card className="mb-4" role="region" aria-labelledby="access-settings-title">
      <CardHeader>
        <CardTitle id="access-settings-title">Access settings</CardTitle>
        <CardDescription>How requests for this entitlement are bounded and approved.</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-5">
        <DescriptionList
          columns={3}
          items={[
            { label: "Privileged", value: settings.privileged ? "Yes" : "No" },
            {
              label: "Maximum duration",
              value:
                own === null
                  ? `Policy default (${effective})`
                  : own > maxDurationMinutes(settings)
                    ? `${formatMinutes(own)}, capped at ${effective} by the policy`
                    : effective,
            },
            {
              label: "Security sign-off",
              value: settings.securitySignOff ? "Required: a security admin approves last" : "Not required",
            },
          ]}
        />
        {canEdit ? (
          <div className="border-t border-zinc-200 pt-4">
            <AccessSettingsForm
              entitlementId={entitlementId}
              // Only the three values cross to the client, not whatever else the caller passed.
              settings={{
                privileged: settings.privileged,
                maxDurationMinutes: settings.maxDurationMinutes,
                securitySignOff: settings.securitySignOff,
              }}
              action={updateEntitlementSettingsAction}
            />
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
