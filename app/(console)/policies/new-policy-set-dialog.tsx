"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Plus } from "lucide-react";
import { createPolicySetAction } from "@/lib/policy/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";

const TEMPLATE = `@id("example")
@reason("explain who may do what")
permit (principal is Human, action == Action::"readData", resource is Entitlement)
when { principal.entitlements.contains(resource.id) };
`;

export function NewPolicySetDialog() {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  return (
    <Dialog
      trigger={
        <Button size="sm">
          <Plus className="size-4" aria-hidden /> New policy set
        </Button>
      }
      title="New policy set"
      description="Starts as a draft version 1; activate it after its tests pass."
    >
      {(close) => (
        <form
          className="space-y-3"
          action={(form) =>
            start(async () => {
              const r = await createPolicySetAction({
                name: String(form.get("name") ?? ""),
                description: String(form.get("description") ?? "") || undefined,
                text: TEMPLATE,
              });
              if (r.ok) {
                close();
                router.push(`/policies/${r.data.policySetId}`);
              } else {
                setError(r.error);
                setFieldErrors(r.fieldErrors ?? {});
              }
            })
          }
        >
          <FormField label="Name" htmlFor="ps-name" error={fieldErrors.name} required>
            <Input
              id="ps-name"
              name="name"
              required
              minLength={2}
              maxLength={80}
              aria-invalid={!!fieldErrors.name}
              aria-describedby="ps-name-error"
            />
          </FormField>
          <FormField label="Description" htmlFor="ps-description" error={fieldErrors.description}>
            <Textarea id="ps-description" name="description" rows={2} maxLength={500} />
          </FormField>
          <FormError error={error} />
          <div className="flex justify-end">
            <Button type="submit" loading={pending}>
              Create
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
