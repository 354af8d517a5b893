"use client";

import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Decide = (form: FormData) => Promise<ActionResult<{ status: string }>>;

export function DecideClaim({ claimId, name, action }: { claimId: string; name: string; action: Decide }) {
  return (
    <div className="flex justify-end gap-2">
      <ActionForm action={action} success={`Claim of ${name} approved`}>
        {() => (
          <>
            <input type="hidden" name="claimId" value={claimId} />
            <input type="hidden" name="decision" value="APPROVE" />
            <SubmitButton size="sm" pendingText="Approving…">
              Approve
            </SubmitButton>
          </>
        )}
      </ActionForm>
      <Dialog
        trigger={
          <Button size="sm" variant="outline">
            Reject
          </Button>
        }
        title={`Reject the claim of ${name}`}
        description="The claimant sees your reason in their inbox and on their claims page."
      >
        {(close) => (
          <ActionForm
            action={action}
            success={`Claim of ${name} rejected`}
            onSuccess={close}
            className="space-y-4"
          >
            {({ fieldErrors }) => (
              <>
                <input type="hidden" name="claimId" value={claimId} />
                <input type="hidden" name="decision" value="REJECT" />
                <FormField
                  label="Reason"
                  htmlFor={`reason-${claimId}`}
                  error={errorOf(fieldErrors, "reason")}
                  required
                >
                  <Textarea
                    id={`reason-${claimId}`}
                    name="reason"
                    rows={3}
                    aria-invalid={Boolean(errorOf(fieldErrors, "reason"))}
                  />
                </FormField>
                <div className="flex justify-end gap-2">
                  <Button variant="outline" onClick={close}>
                    Cancel
                  </Button>
                  <SubmitButton variant="destructive" pendingText="Rejecting…">
                    Reject claim
                  </SubmitButton>
                </div>
              </>
            )}
          </ActionForm>
        )}
      </Dialog>
    </div>
  );
}
