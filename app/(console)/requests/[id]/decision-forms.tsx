"use client";

import {
  cancelRequestAction,
  decideRequestAction,
  ratifyBreakGlassAction,
  releaseGrantAction,
} from "@/lib/requests/actions";
import { Input } from "@/components/ui/input";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { StepUpField } from "@/components/auth/step-up-field";
import { ActionForm, errorOf } from "@/components/forms/action-form";

/** Approve or reject, with the step-up the server insists on (the field is empty when fresh). */
export function DecideForm({ requestId }: { requestId: string }) {
  return (
    <ActionForm action={decideRequestAction} success="Decision recorded." className="flex flex-col gap-4">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="requestId" value={requestId} />
          <FormField label="Comment (optional)" htmlFor="comment" error={errorOf(fieldErrors, "comment")}>
            <Textarea id="comment" name="comment" rows={2} />
          </FormField>
          <StepUpField error={errorOf(fieldErrors, "code")} />
          <div className="flex gap-2">
            <SubmitButton name="decision" value="APPROVE">
              Approve
            </SubmitButton>
            <Button type="submit" name="decision" value="REJECT" variant="destructive">
              Reject
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function RatifyForm({ requestId }: { requestId: string }) {
  return (
    <ActionForm
      action={ratifyBreakGlassAction}
      success="Break-glass ratified."
      className="flex flex-col gap-3"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="requestId" value={requestId} />
          <StepUpField id="ratifyCode" error={errorOf(fieldErrors, "code")} />
          <div>
            <SubmitButton>Ratify break-glass</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}

export function ReleaseForm({ grantId }: { grantId: string }) {
  return (
    <ActionForm action={releaseGrantAction} success="Access released." className="inline">
      {() => (
        <>
          <input type="hidden" name="grantId" value={grantId} />
          <SubmitButton variant="outline" size="sm">
            Release now
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

/** The requester withdraws their pending request (refused by the server once it is decided). */
export function CancelForm({ requestId }: { requestId: string }) {
  return (
    <ActionForm action={cancelRequestAction} success="Request cancelled." className="flex flex-col gap-3">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="requestId" value={requestId} />
          <FormField label="Why (optional)" htmlFor="cancelReason" error={errorOf(fieldErrors, "reason")}>
            <Input id="cancelReason" name="reason" maxLength={500} />
          </FormField>
          <div>
            <Button type="submit" variant="outline">
              Cancel my request
            </Button>
          </div>
        </>
      )}
    </ActionForm>
  );
}
