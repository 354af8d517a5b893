"use client";

import type { ActionResult } from "@/lib/actions/result";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm } from "@/components/forms/action-form";

export function MarkRead({
  id,
  all,
  action,
}: {
  id?: string;
  all?: boolean;
  action: (form: FormData) => Promise<ActionResult<{ count: number }>>;
}) {
  return (
    <ActionForm action={action}>
      {() => (
        <>
          {id ? <input type="hidden" name="ids" value={id} /> : null}
          {all ? <input type="hidden" name="all" value="true" /> : null}
          <SubmitButton size="sm" variant={all ? "outline" : "ghost"}>
            {all ? "Mark all read" : "Mark read"}
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
