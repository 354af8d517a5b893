"use client";

import type { ActionResult } from "@/lib/actions/result";
import { STEP_LABELS } from "@/lib/retirement/steps";
import type { RetirementStep } from "@/lib/generated/prisma/enums";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Act<T> = (form: FormData) => Promise<ActionResult<T>>;

export function StartRetirement({ actorId, action }: { actorId: string; action: Act<void> }) {
  return (
    <ActionForm
      action={action}
      success="Retirement started"
      className="grid items-end gap-3 sm:grid-cols-[1fr_auto]"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="actorId" value={actorId} />
          <FormField
            label="Why is it being retired?"
            htmlFor="retire-reason"
            error={errorOf(fieldErrors, "reason")}
            required
          >
            <Input
              id="retire-reason"
              name="reason"
              placeholder="Service decommissioned (CHG-1234)"
              aria-invalid={Boolean(errorOf(fieldErrors, "reason"))}
            />
          </FormField>
          <SubmitButton variant="destructive" pendingText="Starting…">
            Start retirement
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function CompleteStep({
  actorId,
  step,
  needsEvidence,
  action,
}: {
  actorId: string;
  step: RetirementStep;
  needsEvidence: boolean;
  action: Act<{ done: RetirementStep[]; retired: boolean }>;
}) {
  return (
    <ActionForm
      action={action}
      success={`${STEP_LABELS[step].title}: done`}
      className="flex w-full max-w-sm flex-col items-end gap-2"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="actorId" value={actorId} />
          <input type="hidden" name="step" value={step} />
          {needsEvidence ? (
            <FormField
              label="Evidence"
              htmlFor={`evidence-${step}`}
              error={errorOf(fieldErrors, "evidence")}
              hint="Ticket, link or note showing the account is gone on the platform"
              className="w-full"
              required
            >
              <Textarea
                id={`evidence-${step}`}
                name="evidence"
                rows={2}
                aria-invalid={Boolean(errorOf(fieldErrors, "evidence"))}
              />
            </FormField>
          ) : null}
          <SubmitButton size="sm" pendingText="Working…" data-testid={`complete-${step}`}>
            {needsEvidence ? "Attest and complete" : `Complete: ${STEP_LABELS[step].title.toLowerCase()}`}
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
