"use client";

import { useState, useTransition } from "react";
import { Copy, Plus } from "lucide-react";
import { createApiClientAction } from "@/lib/api-clients/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Alert } from "@/components/ui/alert";
import { toast } from "@/components/ui/toaster";

export function CreateApiClientDialog() {
  const [open, setOpen] = useState(false);
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setCreated(null);
      setError(null);
      setFieldErrors({});
    }
  };

  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        <Plus className="size-4" aria-hidden /> New API client
      </Button>
      <Dialog
        open={open}
        onOpenChange={onOpenChange}
        title={created ? "Copy the token now" : "New API client"}
        description={
          created
            ? "It is shown once; Triad keeps only its hash."
            : "A policy enforcement point that may call the decision API."
        }
      >
        {created ? (
          <div className="space-y-3">
            <Alert tone="warning" title={`Token for ${created.name}`}>
              Store it in the PEP&apos;s secret store. If it is lost, revoke the client and create a new one.
            </Alert>
            <div className="flex items-center gap-2">
              <code
                data-testid="api-client-token"
                className="block flex-1 rounded-md bg-zinc-100 px-2 py-1.5 text-xs break-all"
              >
                {created.token}
              </code>
              <Button
                variant="outline"
                size="icon"
                aria-label="Copy token"
                onClick={() =>
                  navigator.clipboard.writeText(created.token).then(() => toast.success("Copied"))
                }
              >
                <Copy className="size-4" aria-hidden />
              </Button>
            </div>
            <div className="flex justify-end">
              <Button onClick={() => onOpenChange(false)}>Done</Button>
            </div>
          </div>
        ) : (
          <form
            className="space-y-4"
            action={(form) =>
              start(async () => {
                const result = await createApiClientAction({ name: String(form.get("name") ?? "") });
                if (result.ok) {
                  setCreated({ name: result.data.name, token: result.data.token });
                  toast.success("API client created");
                } else {
                  setError(result.error);
                  setFieldErrors(result.fieldErrors ?? {});
                }
              })
            }
          >
            <FormField
              label="Name"
              htmlFor="name"
              error={fieldErrors.name}
              hint="e.g. Kong gateway (prod), LangGraph runtime"
              required
            >
              <Input
                id="name"
                name="name"
                required
                minLength={2}
                maxLength={80}
                aria-invalid={!!fieldErrors.name}
                aria-describedby="name-error"
              />
            </FormField>
            <FormError error={error} />
            <div className="flex justify-end gap-2">
              <Button type="button" variant="ghost" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" loading={pending}>
                Create
              </Button>
            </div>
          </form>
        )}
      </Dialog>
    </>
  );
}
