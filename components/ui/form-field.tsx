import type { ReactNode } from "react";
import { cn } from "./cn";
import { Label } from "./label";

/**
 * Label + control + hint + error text. Give the control `id={htmlFor}` and
 * `aria-invalid={!!error}` `aria-describedby={`${htmlFor}-error`}` (see README).
 */
export function FormField({
  label,
  htmlFor,
  hint,
  error,
  required,
  children,
  className,
}: {
  label: ReactNode;
  htmlFor: string;
  hint?: ReactNode;
  error?: string | string[] | null;
  required?: boolean;
  children: ReactNode;
  className?: string;
}) {
  const message = Array.isArray(error) ? error.join(" ") : error;
  return (
    <div className={cn("flex flex-col gap-1.5", className)}>
      <Label htmlFor={htmlFor}>
        {label}
        {required ? (
          <span className="ml-0.5 text-red-600" aria-hidden>
            *
          </span>
        ) : null}
      </Label>
      {children}
      {hint && !message ? (
        <p id={`${htmlFor}-hint`} className="text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {message ? (
        <p id={`${htmlFor}-error`} className="text-xs font-medium text-red-600">
          {message}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level error of an ActionResult ({ ok: false, error }). */
export function FormError({ error, className }: { error?: string | null; className?: string }) {
  if (!error) return null;
  return (
    <p
      role="alert"
      className={cn("rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800", className)}
    >
      {error}
    </p>
  );
}
