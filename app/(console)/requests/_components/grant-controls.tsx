"use client";

import { revokeGrantAction, suspendActorAction } from "@/lib/requests/actions";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

/** Revoke one grant with a reason (actor page, access story). */
export function RevokeGrantButton({ grantId, label }: { grantId: string; label: string }) {
  return (
    <Dialog
      title={`Revoke ${label}`}
      description="Access ends now; the reason is recorded with the revocation."
      trigger={
        <Button variant="outline" size="sm">
          Revoke
        </Button>
      }
    >
      {(close) => (
        <ActionForm
          action={revokeGrantAction}
          success="Grant revoked."
          onSuccess={close}
          className="flex flex-col gap-4"
        >
          {({ fieldErrors }) => (
            <>
              <input type="hidden" name="grantId" value={grantId} />
              <FormField
                label="Reason"
                htmlFor={`reason-${grantId}`}
                required
                error={errorOf(fieldErrors, "reason")}
              >
                <Textarea id={`reason-${grantId}`} name="reason" rows={2} />
              </FormField>
              <div>
                <SubmitButton variant="destructive">Revoke grant</SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      )}
    </Dialog>
  );
}

/** The "suspend identity" switch: denies everything at once; an admin reinstates. */
export function SuspendSwitch({
  actorId,
  suspended,
  name,
}: {
  actorId: string;
  suspended: boolean;
  name: string;
}) {
  return (
    <Dialog
      title={suspended ? `Reinstate ${name}` : `Suspend ${name}`}
      description={
        suspended
          ? "Decisions and tokens work again as the policies allow."
          : "Every decision for this identity is denied and its tokens stop working at once, until an admin reinstates it."
      }
      trigger={
        <Button variant={suspended ? "outline" : "destructive"} size="sm">
          {suspended ? "Reinstate identity" : "Suspend identity"}
        </Button>
      }
    >
      {(close) => (
        <ActionForm
          action={suspendActorAction}
          success={suspended ? "Identity reinstated." : "Identity suspended."}
          onSuccess={close}
          className="flex flex-col gap-4"
        >
          {({ fieldErrors }) => (
            <>
              <input type="hidden" name="actorId" value={actorId} />
              <input type="hidden" name="suspend" value={suspended ? "false" : "true"} />
              <FormField
                label="Reason"
                htmlFor="suspend-reason"
                required
                error={errorOf(fieldErrors, "reason")}
              >
                <Textarea id="suspend-reason" name="reason" rows={2} />
              </FormField>
              <div>
                <SubmitButton variant={suspended ? "primary" : "destructive"}>
                  {suspended ? "Reinstate" : "Suspend"}
                </SubmitButton>
              </div>
            </>
          )}
        </ActionForm>
      )}
    </Dialog>
  );
}
