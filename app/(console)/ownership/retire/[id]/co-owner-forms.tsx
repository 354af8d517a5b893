"use client";

import type { ActionResult } from "@/lib/actions/result";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Act = (form: FormData) => Promise<ActionResult<void>>;

export function AddCoOwner({ actorId, action }: { actorId: string; action: Act }) {
  return (
    <ActionForm action={action} success="Co-owner added" className="mt-3">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="actorId" value={actorId} />
          <div className="flex gap-2">
            <Input
              name="email"
              type="email"
              placeholder="co-owner@company.example"
              aria-label="Co-owner's email"
              aria-invalid={Boolean(errorOf(fieldErrors, "email"))}
            />
            <SubmitButton size="sm" variant="outline" pendingText="Adding…">
              Add co-owner
            </SubmitButton>
          </div>
          {errorOf(fieldErrors, "email") ? (
            <p className="mt-1 text-xs text-red-600">{errorOf(fieldErrors, "email")}</p>
          ) : null}
        </>
      )}
    </ActionForm>
  );
}

export function RemoveCoOwner({
  actorId,
  ownerId,
  action,
}: {
  actorId: string;
  ownerId: string;
  action: Act;
}) {
  return (
    <ActionForm action={action} success="Co-owner removed">
      {() => (
        <>
          <input type="hidden" name="actorId" value={actorId} />
          <input type="hidden" name="ownerId" value={ownerId} />
          <SubmitButton size="sm" variant="ghost">
            Remove
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
