"use client";

import { useActionState, useState } from "react";
import { loginAction, type LoginState } from "@/lib/auth/actions";
import { AuthField, AuthSubmit, AuthError } from "./auth-field";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState<LoginState, FormData>(loginAction, null);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const needCode = Boolean(state?.needCode);

  return (
    <form action={formAction} className="mt-6 space-y-4" noValidate>
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <AuthField label="Email" name="email" type="email" autoComplete="username" value={email} onChange={setEmail} errors={state?.fieldErrors?.email} readOnly={needCode} />
      <AuthField label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={setPassword} errors={state?.fieldErrors?.password} readOnly={needCode} />
      {needCode ? (
        <AuthField
          label="Authentication code"
          hint="The 6-digit code from your authenticator app, or one of your recovery codes."
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          value={code}
          onChange={setCode}
          autoFocus
        />
      ) : null}
      <AuthError message={state?.error} />
      <AuthSubmit pending={pending}>{needCode ? "Verify and sign in" : "Sign in"}</AuthSubmit>
    </form>
  );
}
