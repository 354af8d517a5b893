"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { ActionForm, errorOf } from "@/components/forms/action-form";

export function DecideProposalForm({
  proposalId,
  action,
}: {
  proposalId: string;
  action: (form: FormData) => Promise<ActionResult<{ status: string }>>;
}) {
  return (
    <ActionForm action={action} success="Decision recorded" className="flex flex-wrap items-end gap-3">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="proposalId" value={proposalId} />
          <FormField
            label="Valid for (minutes)"
            htmlFor={`valid-${proposalId}`}
            error={errorOf(fieldErrors, "validMinutes")}
          >
            <Input
              id={`valid-${proposalId}`}
              name="validMinutes"
              type="number"
              min={1}
              max={60}
              defaultValue={10}
              className="w-24"
            />
          </FormField>
          <FormField label="Uses" htmlFor={`uses-${proposalId}`} error={errorOf(fieldErrors, "uses")}>
            <Input
              id={`uses-${proposalId}`}
              name="uses"
              type="number"
              min={1}
              max={10}
              defaultValue={1}
              className="w-20"
            />
          </FormField>
          <FormField label="Note" htmlFor={`note-${proposalId}`} error={errorOf(fieldErrors, "note")}>
            <Input id={`note-${proposalId}`} name="note" className="w-48" />
          </FormField>
          <StepUpField
            id={`stepup-${proposalId}`}
            error={errorOf(fieldErrors, "code") ?? errorOf(fieldErrors, "stepUpCode")}
          />
          <div className="flex gap-2">
            <SubmitButton name="decision" value="APPROVE">
              Approve
            </SubmitButton>
            <SubmitButton name="decision" value="REJECT" variant="outline">
              Reject
            </SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
