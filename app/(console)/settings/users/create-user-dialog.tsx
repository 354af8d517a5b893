"use client";

import { useState, useTransition } from "react";
import { UserPlus } from "lucide-react";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { createUserAction } from "@/lib/users/actions";
import { ROLES } from "@/lib/users/schemas";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Checkbox } from "@/components/ui/checkbox";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";

type Result = Awaited<ReturnType<typeof createUserAction>>;

export function CreateUserDialog() {
  const [result, setResult] = useState<Result | null>(null);
  const [pending, start] = useTransition();
  const errors = result && !result.ok ? result.fieldErrors : undefined;

  return (
    <Dialog
      title="Add a console user"
      description="They get a one-time password to share securely; they choose their own at first sign-in, and roles that need two-factor set it up then."
      trigger={
        <Button size="sm" onClick={() => setResult(null)}>
          <UserPlus className="size-4" aria-hidden /> Add user
        </Button>
      }
    >
      {() =>
        result?.ok ? (
          <Alert tone="success" title={`${result.data.email} can sign in`}>
            One-time password (shown only now; it works for one sign-in, then they must choose their own):{" "}
            <code className="font-mono select-all" data-testid="new-password">
              {result.data.password}
            </code>
          </Alert>
        ) : (
          <form
            className="space-y-4"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              start(async () => setResult(await createUserAction(form)));
            }}
          >
            <FormField label="Name" htmlFor="new-user-name" error={errors?.name} required>
              <Input id="new-user-name" name="name" autoComplete="off" />
            </FormField>
            <FormField label="Email" htmlFor="new-user-email" error={errors?.email} required>
              <Input id="new-user-email" name="email" type="email" autoComplete="off" />
            </FormField>
            <fieldset>
              <legend className="text-sm font-medium text-zinc-700">Roles</legend>
              <div className="mt-2 grid grid-cols-2 gap-2">
                {ROLES.map((r) => (
                  <Checkbox key={r} name="roles" value={r} label={ROLE_LABELS[r]} />
                ))}
              </div>
              {errors?.roles ? <p className="mt-1 text-xs text-red-600">{errors.roles.join(" ")}</p> : null}
            </fieldset>
            <FormError error={result && !result.ok ? result.error : null} />
            <Button type="submit" loading={pending}>
              Create user
            </Button>
          </form>
        )
      }
    </Dialog>
  );
}
