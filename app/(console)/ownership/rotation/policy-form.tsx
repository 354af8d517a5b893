"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

const TYPES = [
  "SERVICE_ACCOUNT",
  "API_KEY",
  "OAUTH_APP",
  "CICD_TOKEN",
  "WORKLOAD_IDENTITY",
  "BOT",
  "SSH_KEY",
  "CERTIFICATE",
];

export function PolicyForm({
  action,
}: {
  action: (form: FormData) => Promise<ActionResult<{ id: string; updated: number }>>;
}) {
  return (
    <ActionForm
      action={action}
      success="Rotation policy saved; due dates recomputed"
      className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_10rem_auto]"
    >
      {({ fieldErrors }) => (
        <>
          <FormField label="NHI type" htmlFor="policy-type" error={errorOf(fieldErrors, "nhiType")}>
            <Select
              id="policy-type"
              name="nhiType"
              options={[
                { value: "ANY", label: "Any type" },
                ...TYPES.map((t) => ({ value: t, label: t.replaceAll("_", " ").toLowerCase() })),
              ]}
            />
          </FormField>
          <FormField label="Platform" htmlFor="policy-platform" error={errorOf(fieldErrors, "platform")}>
            <Input id="policy-platform" name="platform" placeholder="Any platform (e.g. AWS)" />
          </FormField>
          <FormField
            label="Max age (days)"
            htmlFor="policy-days"
            error={errorOf(fieldErrors, "maxAgeDays")}
            required
          >
            <Input
              id="policy-days"
              name="maxAgeDays"
              type="number"
              min={1}
              max={3650}
              defaultValue={90}
              aria-invalid={Boolean(errorOf(fieldErrors, "maxAgeDays"))}
            />
          </FormField>
          <SubmitButton pendingText="Saving…">Save policy</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function DeletePolicy({
  id,
  action,
}: {
  id: string;
  action: (form: FormData) => Promise<ActionResult<void>>;
}) {
  return (
    <ActionForm action={action} success="Policy removed">
      {() => (
        <>
          <input type="hidden" name="id" value={id} />
          <SubmitButton size="sm" variant="ghost" pendingText="Removing…">
            Remove
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
