"use client";

import { useRouter } from "next/navigation";
import { breakGlassAction } from "@/lib/requests/actions";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { ActionForm, errorOf } from "../../ownership/_components/action-form";

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
          <FormField
            label="Duration"
            htmlFor="durationMinutes"
            required
            error={errorOf(fieldErrors, "durationMinutes")}
          >
            <Select id="durationMinutes" name="durationMinutes" options={presets} />
          </FormField>
          <FormField
            label="Reason"
            htmlFor="justification"
            required
            error={errorOf(fieldErrors, "justification")}
            hint="The incident and why it cannot wait for approval."
          >
            <Textarea id="justification" name="justification" rows={3} />
          </FormField>
          <FormField
            label="Incident ticket (optional)"
            htmlFor="ticketRef"
            error={errorOf(fieldErrors, "ticketRef")}
          >
            <Input id="ticketRef" name="ticketRef" placeholder="INC-1234" className="max-w-xs" />
          </FormField>
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
