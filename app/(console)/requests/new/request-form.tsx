"use client";

import { useRouter } from "next/navigation";
import { submitRequestAction } from "@/lib/requests/actions";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { ActionForm, errorOf } from "../../ownership/_components/action-form";

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
          <FormField
            label="Duration"
            htmlFor="durationMinutes"
            required
            error={errorOf(fieldErrors, "durationMinutes")}
            hint="Access ends by itself at the end of this time."
          >
            <Select
              id="durationMinutes"
              name="durationMinutes"
              options={presets}
              defaultValue={presets[Math.min(1, presets.length - 1)]?.value}
            />
          </FormField>
          <FormField
            label="Justification"
            htmlFor="justification"
            required
            error={errorOf(fieldErrors, "justification")}
            hint="What you will do with it; approvers and auditors read this."
          >
            <Textarea
              id="justification"
              name="justification"
              rows={3}
              aria-invalid={errorOf(fieldErrors, "justification") ? true : undefined}
            />
          </FormField>
          <FormField label="Ticket (optional)" htmlFor="ticketRef" error={errorOf(fieldErrors, "ticketRef")}>
            <Input id="ticketRef" name="ticketRef" placeholder="CHG-1234" className="max-w-xs" />
          </FormField>
          {privileged ? <StepUpField error={errorOf(fieldErrors, "code")} /> : null}
          <div>
            <SubmitButton pendingText="Asking the policy…">Submit request</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
