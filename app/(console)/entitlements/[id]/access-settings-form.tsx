"use client";

import type { ActionResult } from "@/lib/actions/result";
import {
  MAX_DURATION_BOUNDS,
  SHOWN_FIELDS,
  shownFields,
  type EntitlementSettings,
} from "@/lib/inventory/entitlement-settings-schema";
import { DURATION_PRESETS, formatMinutes, maxDurationMinutes } from "@/lib/requests/limits";
import { ActionForm, errorOf, type FieldErrors } from "@/components/forms/action-form";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError, FormField } from "@/components/ui/form-field";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";

/** The choices of an entitlement's own maximum: presets, plus a value set elsewhere (CSV, SQL). */
function durationOptions(current: number | null, policyDefault: string) {
  const minutes = new Set<number>([MAX_DURATION_BOUNDS.min, 30, ...DURATION_PRESETS.map((p) => p.minutes)]);
  if (current !== null) minutes.add(current);
  return [
    { value: "", label: `Policy default (${policyDefault})` },
    ...[...minutes].sort((a, b) => a - b).map((m) => ({ value: String(m), label: formatMinutes(m) })),
  ];
}

/** A refused "what the form showed" field: a page from before this check, or a tampered post. */
function staleFormError(fieldErrors: FieldErrors): string | undefined {
  return SHOWN_FIELDS.map((name) => errorOf(fieldErrors, name)).find(Boolean);
}

export function AccessSettingsForm({
  entitlementId,
  settings,
  action,
}: {
  entitlementId: string;
  settings: EntitlementSettings;
  action: (form: FormData) => Promise<ActionResult<{ changed: string[] }>>;
}) {
  const policyDefault = formatMinutes(maxDurationMinutes({ ...settings, maxDurationMinutes: null }));
  return (
    <ActionForm action={action} success="Access settings saved" resetOnSuccess={false} className="grid gap-4">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="entitlementId" value={entitlementId} />
          {/* What this form shows: the save applies only if nobody changed it since. */}
          {Object.entries(shownFields(settings)).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Checkbox
            id="setting-privileged"
            name="privileged"
            defaultChecked={settings.privileged}
            label="Privileged"
            description="Requests need two approvers from different groups and last at most 8 hours."
          />
          <FormField
            label="Maximum duration of one request"
            htmlFor="setting-max-duration"
            hint="Never longer than the request policy allows; privileged access is capped at 8 hours."
            error={errorOf(fieldErrors, "maxDurationMinutes")}
          >
            <Select
              // A saved value remounts the select: React's reset after the action would otherwise
              // select the option it was first rendered with (checkboxes follow defaultChecked).
              key={String(settings.maxDurationMinutes)}
              id="setting-max-duration"
              name="maxDurationMinutes"
              className="max-w-xs"
              defaultValue={settings.maxDurationMinutes === null ? "" : String(settings.maxDurationMinutes)}
              options={durationOptions(settings.maxDurationMinutes, policyDefault)}
              aria-invalid={Boolean(errorOf(fieldErrors, "maxDurationMinutes"))}
              aria-describedby={
                errorOf(fieldErrors, "maxDurationMinutes")
                  ? "setting-max-duration-error"
                  : "setting-max-duration-hint"
              }
            />
          </FormField>
          <Checkbox
            id="setting-sign-off"
            name="securitySignOff"
            defaultChecked={settings.securitySignOff}
            label="Security sign-off"
            description="A security admin approves last, after every other stage."
          />
          <FormError error={staleFormError(fieldErrors)} />
          <div>
            <SubmitButton pendingText="Saving…">Save access settings</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
