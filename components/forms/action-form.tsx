"use client";

import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/result";
import { FormError } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toaster";

export type FieldErrors = Record<string, string[]> | undefined;

/**
 * A <form> bound to a server action: shows the form-level error and hands field errors to its
 * children, toasts on success, resets the form, and refreshes the page's server data.
 */
export function ActionForm<T>({
  action,
  children,
  success,
  className,
  resetOnSuccess = true,
  onSuccess,
}: {
  action: (form: FormData) => Promise<ActionResult<T>>;
  children: (state: { fieldErrors: FieldErrors; result: ActionResult<T> | null }) => ReactNode;
  success?: string;
  className?: string;
  resetOnSuccess?: boolean;
  onSuccess?: (data: T) => void;
}) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const submitted = useRef<FormData | null>(null);
  const [result, formAction] = useActionState(async (_prev: ActionResult<T> | null, form: FormData) => {
    submitted.current = form;
    return action(form);
  }, null);
  useEffect(() => {
    if (!result) return;
    // React resets a form after its action; on an error, put back what the user typed.
    if (!result.ok && submitted.current && formRef.current) restoreValues(formRef.current, submitted.current);
    if (result.ok) {
      if (success) toast.success(result.message ?? success);
      if (resetOnSuccess) formRef.current?.reset();
      onSuccess?.(result.data);
      router.refresh();
    } else if (!result.fieldErrors || Object.keys(result.fieldErrors).length === 0) {
      toast.error(result.error);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);
  return (
    <form ref={formRef} action={formAction} className={className} noValidate>
      {result && !result.ok ? <FormError error={result.error} className="mb-3" /> : null}
      {children({ fieldErrors: result && !result.ok ? result.fieldErrors : undefined, result })}
    </form>
  );
}

/** Field error text for a name, joined. */
export function errorOf(fieldErrors: FieldErrors, name: string): string | undefined {
  return fieldErrors?.[name]?.join(" ");
}

function restoreValues(form: HTMLFormElement, data: FormData) {
  for (const el of Array.from(form.elements)) {
    if (el instanceof HTMLInputElement) {
      if (!el.name || el.type === "hidden") continue;
      if (el.type === "radio") continue;
      if (el.type === "checkbox") el.checked = data.getAll(el.name).includes(el.value);
      else el.value = String(data.get(el.name) ?? "");
    } else if ((el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) && el.name) {
      el.value = String(data.get(el.name) ?? "");
    }
  }
}
