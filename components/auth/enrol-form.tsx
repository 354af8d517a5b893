"use client";

import Link from "next/link";
import { useActionState } from "react";
import { confirmEnrolmentAction, type EnrolState } from "@/lib/auth/actions";
import { AuthError, AuthField, AuthSubmit } from "./auth-field";

export function EnrolForm({ enrolled }: { enrolled: boolean }) {
  const [state, formAction, pending] = useActionState<EnrolState, FormData>(confirmEnrolmentAction, null);

  if (state?.recoveryCodes) {
    return (
      <div className="mt-6 space-y-4">
        <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Two-factor sign-in is on.
        </p>
        <p className="text-sm text-zinc-700">
          Save these recovery codes somewhere safe. Each works once if you lose your phone.{" "}
          <strong>They are shown only now.</strong>
        </p>
        <ul
          className="grid grid-cols-2 gap-2 rounded-md bg-zinc-50 p-3 font-mono text-sm text-zinc-800"
          data-testid="recovery-codes"
        >
          {state.recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Link
          href="/login"
          className="flex w-full justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Continue to sign-in
        </Link>
      </div>
    );
  }
  if (enrolled) {
    return (
      <div className="mt-6 space-y-4">
        <p className="text-sm text-zinc-700">Two-factor sign-in is already on for this account.</p>
        <Link
          href="/login"
          className="flex w-full justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-500"
        >
          Continue to sign-in
        </Link>
      </div>
    );
  }
  return (
    <form action={formAction} className="mt-4 space-y-4" noValidate>
      <AuthField
        label="Code from your app"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
      />
      <AuthError message={state?.error} />
      <AuthSubmit pending={pending}>Turn on two-factor sign-in</AuthSubmit>
    </form>
  );
}
