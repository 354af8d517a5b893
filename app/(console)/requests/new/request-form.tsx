"use client";

import { useRouter } from "next/navigation";
import { submitRequestAction } from "@/lib/requests/actions";
import { FormField } from "@/components/ui/form-field";
import { Select, type SelectOption } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { AccessFields } from "@/components/requests/access-fields";
import { ActionForm, errorOf } from "@/components/forms/action-form";

export function RequestForm({
  entitlementId,
  privileged,
  subjects,
  presets,
}: {
  entitlementId: string;
  privileged: boolean;
  subjects: SelectOption[];
  presets: SelectOption[];
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={submitRequestAction}
      resetOnSuccess={false}
      onSuccess={(out) => router.push(`/requests/${out.id}`)}
      className="flex flex-col gap-4"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="entitlementId" value={entitlementId} />
          <FormField label="For" htmlFor="subjectId" error={errorOf(fieldErrors, "subjectId")}>
            <Select id="subjectId" name="subjectId" options={subjects} />
          </FormField>
          <AccessFields
            presets={presets}
            defaultDuration={presets[Math.min(1, presets.length - 1)]?.value}
            durationHint="Access ends by itself at the end of this time."
            justificationLabel="Justification"
            justificationHint="What you will do with it; approvers and auditors read this."
            ticketLabel="Ticket (optional)"
            ticketPlaceholder="CHG-1234"
            fieldErrors={fieldErrors}
          />
          {privileged ? <StepUpField error={errorOf(fieldErrors, "code")} /> : null}
          <div>
            <SubmitButton pendingText="Asking the policy…">Submit request</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
