"use client";

import { clsx } from "clsx";

type FieldProps = {
  label: string;
  name: string;
  defaultValue?: string;
  type?: string;
  hint?: string;
  errors?: string[];
  autoComplete?: string;
  inputMode?: "numeric" | "text";
  autoFocus?: boolean;
};

export function AuthField({ label, name, type = "text", hint, errors, ...rest }: FieldProps) {
  const id = `field-${name}`;
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? `${id}-error` : hint ? `${id}-hint` : undefined}
        className={clsx(
          "mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm text-zinc-900 shadow-xs outline-none focus:ring-2 focus:ring-indigo-500",
          errors?.length ? "border-red-400" : "border-zinc-300",
        )}
        {...rest}
      />
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500">
          {hint}
        </p>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-600">
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

export function AuthError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p
      role="alert"
      data-testid="auth-error"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"
    >
      {message}
    </p>
  );
}

export function AuthSubmit({ pending, children }: { pending: boolean; children: React.ReactNode }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 focus:ring-2 focus:ring-indigo-500 focus:ring-offset-2 focus:outline-none disabled:opacity-60"
    >
      {pending ? "Checking…" : children}
    </button>
  );
}
