"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { changePasswordAction } from "@/lib/users/actions";
import { AuthError, AuthField, AuthSubmit } from "./auth-field";

type Result = Awaited<ReturnType<typeof changePasswordAction>>;

export function ChangePasswordForm({ email }: { email: string }) {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const errors = result && !result.ok ? result.fieldErrors : undefined;
  return (
    <form
      className="mt-4 space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        start(async () => {
          const r = await changePasswordAction(form);
          setResult(r);
          if (r.ok) router.replace("/");
        });
      }}
    >
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <AuthField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        errors={errors?.currentPassword}
        autoFocus
      />
      <AuthField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        errors={errors?.newPassword}
      />
      <AuthField
        label="New password again"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        errors={errors?.confirmPassword}
      />
      <AuthError message={result && !result.ok ? result.error : undefined} />
      {result?.ok ? (
        <p role="status" className="text-sm text-emerald-700">
          Password changed.
        </p>
      ) : null}
      <AuthSubmit pending={pending}>Save password</AuthSubmit>
    </form>
  );
}
