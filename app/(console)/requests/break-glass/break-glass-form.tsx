"use client";

import { useRouter } from "next/navigation";
import { breakGlassAction } from "@/lib/requests/actions";
import { FormField } from "@/components/ui/form-field";
import { Select, type SelectOption } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { AccessFields } from "@/components/requests/access-fields";
import { ActionForm, errorOf } from "@/components/forms/action-form";

export function BreakGlassForm({
  entitlements,
  presets,
}: {
  entitlements: SelectOption[];
  presets: SelectOption[];
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={breakGlassAction}
      resetOnSuccess={false}
      onSuccess={(out) => router.push(`/requests/${out.requestId}`)}
      className="flex flex-col gap-4"
    >
      {({ fieldErrors }) => (
        <>
          <FormField
            label="Entitlement"
            htmlFor="entitlementId"
            required
            error={errorOf(fieldErrors, "entitlementId")}
          >
            <Select id="entitlementId" name="entitlementId" options={entitlements} placeholder="Choose…" />
          </FormField>
          <AccessFields
            presets={presets}
            justificationLabel="Reason"
            justificationHint="The incident and why it cannot wait for approval."
            ticketLabel="Incident ticket (optional)"
            ticketPlaceholder="INC-1234"
            fieldErrors={fieldErrors}
          />
          <StepUpField error={errorOf(fieldErrors, "code")} />
          <div>
            <SubmitButton variant="destructive" pendingText="Granting…">
              Break the glass
            </SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
