"use client";

import type { ActionResult } from "@/lib/actions/result";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Mark = (form: FormData) => Promise<ActionResult<{ credentialId: string; dueAt: Date }>>;

export function MarkRotated({
  actorId,
  name,
  action,
  credentialId,
}: {
  actorId: string;
  name: string;
  action: Mark;
  credentialId?: string;
}) {
  return (
    <Dialog
      trigger={
        <Button size="sm" variant="outline">
          Mark rotated
        </Button>
      }
      title={`Mark ${name} rotated`}
      description="Rotate the secret in its platform first, then record the new credential's fingerprint. Never paste the secret itself."
    >
      {(close) => (
        <ActionForm
          action={action}
          success={`${name} marked rotated`}
          onSuccess={close}
          className="space-y-4 text-left"
        >
          {({ fieldErrors }) => (
            <>
              <input type="hidden" name="actorId" value={actorId} />
              {credentialId ? <input type="hidden" name="credentialId" value={credentialId} /> : null}
              <FormField
                label="New fingerprint"
                htmlFor={`fp-${actorId}`}
                error={errorOf(fieldErrors, "fingerprint")}
                hint="e.g. SHA256:9f2c:1ab4:77de:0c31, a key id, or a certificate serial"
                required
              >
                <Input
                  id={`fp-${actorId}`}
                  name="fingerprint"
                  autoComplete="off"
                  aria-invalid={Boolean(errorOf(fieldErrors, "fingerprint"))}
                />
              </FormField>
              <FormField
                label="Label"
                htmlFor={`label-${actorId}`}
                error={errorOf(fieldErrors, "label")}
                hint="Optional: which key this is"
              >
                <Input id={`label-${actorId}`} name="label" />
              </FormField>
              <div className="flex justify-end gap-2">
                <Button variant="outline" onClick={close}>
                  Cancel
                </Button>
                <SubmitButton pendingText="Recording…">Record rotation</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      )}
    </Dialog>
  );
}
