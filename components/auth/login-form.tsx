"use client";

import { useActionState } from "react";
import { loginAction, type LoginState } from "@/lib/auth/actions";
import { AuthField, AuthSubmit, AuthError } from "./auth-field";

// Uncontrolled fields: values typed before hydration survive, and the form works as a
// plain POST without JavaScript. The second step carries a ticket instead of the password.
export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, null);
  const ticket = state?.secondFactorTicket;

  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {ticket ? (
        <>
          <input type="hidden" name="ticket" value={ticket} />
          <input type="hidden" name="email" value={state?.email ?? ""} />
          <p className="text-sm text-zinc-600">
            Signing in as <span className="font-medium text-zinc-900">{state?.email}</span>
          </p>
          <AuthField
            key="code"
            label="Authentication code"
            hint="The 6-digit code from your authenticator app, or one of your recovery codes."
            name="code"
            autoComplete="one-time-code"
            inputMode="numeric"
            autoFocus
            errors={state?.fieldErrors?.code}
          />
        </>
      ) : (
        <>
          <AuthField
            key="email"
            label="Email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={state?.email}
            errors={state?.fieldErrors?.email}
          />
          <AuthField
            key="password"
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            errors={state?.fieldErrors?.password}
          />
        </>
      )}
      <AuthError message={state?.error} />
      <AuthSubmit pending={pending}>{ticket ? "Verify and sign in" : "Sign in"}</AuthSubmit>
    </form>
  );
}
