"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { Alert } from "@/components/ui/alert";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Act<T> = (form: FormData) => Promise<ActionResult<T>>;

export function CreateWebhook({
  events,
  action,
}: {
  events: readonly string[];
  action: Act<{ id: string; secret: string }>;
}) {
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <>
      {secret ? (
        <Alert tone="success" className="mb-4" title="Copy the signing secret now — it is not shown again">
          <code className="block font-mono text-xs break-all" data-testid="webhook-secret">
            {secret}
          </code>
        </Alert>
      ) : null}
      <ActionForm
        action={action}
        success="Webhook added"
        onSuccess={(d) => setSecret(d.secret)}
        className="space-y-3"
      >
        {({ fieldErrors }) => (
          <>
            <FormField label="Name" htmlFor="wh-name" error={errorOf(fieldErrors, "name")} required>
              <Input id="wh-name" name="name" placeholder="Slack #nhi-owners" />
            </FormField>
            <FormField label="URL" htmlFor="wh-url" error={errorOf(fieldErrors, "url")} required>
              <Input id="wh-url" name="url" type="url" placeholder="https://hooks.example.com/triad" />
            </FormField>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-zinc-800">Events</legend>
              <div className="grid grid-cols-1 gap-1 text-sm">
                {events.map((e) => (
                  <label key={e} className="flex items-center gap-2">
                    <input
                      type="checkbox"
                      name="events"
                      value={e}
                      defaultChecked={e === "rotation.overdue" || e === "rotation.due"}
                      className="size-4 accent-indigo-600"
                    />
                    <span className="font-mono text-xs">{e === "*" ? "* (everything)" : e}</span>
                  </label>
                ))}
              </div>
              {errorOf(fieldErrors, "events") ? (
                <p className="mt-1 text-xs text-red-600">{errorOf(fieldErrors, "events")}</p>
              ) : null}
            </fieldset>
            <SubmitButton pendingText="Adding…">Add webhook</SubmitButton>
          </>
        )}
      </ActionForm>
    </>
  );
}

export function EndpointActions({
  id,
  active,
  toggle,
  test,
  remove,
}: {
  id: string;
  active: boolean;
  toggle: Act<void>;
  test: Act<void>;
  remove: Act<void>;
}) {
  return (
    <div className="flex gap-2">
      <ActionForm action={test} success="Test delivery queued">
        {() => (
          <>
            <input type="hidden" name="id" value={id} />
            <SubmitButton size="sm" variant="outline">
              Send test
            </SubmitButton>
          </>
        )}
      </ActionForm>
      <ActionForm action={toggle} success={active ? "Paused" : "Resumed"}>
        {() => (
          <>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="active" value={active ? "false" : "true"} />
            <SubmitButton size="sm" variant="outline">
              {active ? "Pause" : "Resume"}
            </SubmitButton>
          </>
        )}
      </ActionForm>
      <ActionForm action={remove} success="Webhook deleted">
        {() => (
          <>
            <input type="hidden" name="id" value={id} />
            <SubmitButton size="sm" variant="ghost">
              Delete
            </SubmitButton>
          </>
        )}
      </ActionForm>
    </div>
  );
}
