"use client";

import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/result";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

export type AgentFormValues = {
  agentId?: string;
  name: string;
  model: string;
  provider: string;
  runtime: string;
  autonomy: string;
  onBehalfOf: string;
  actFor: string;
  boundary: string;
  attestationDays: number;
  maxSessionTtlMinutes: number;
  expiresAt: string;
};

const AUTONOMY = [
  { value: "SUGGEST_ONLY", label: "Suggest only — every action needs approval" },
  { value: "ACT_WITH_APPROVAL", label: "Act with approval — all but reads need approval" },
  { value: "BOUNDED_AUTONOMY", label: "Bounded autonomy — acts inside its boundary" },
];
const ACT_FOR = [
  { value: "NONE", label: "Nobody (acts as itself)" },
  { value: "SPONSOR", label: "Its sponsor only" },
  { value: "TEAM", label: "People in its team" },
  { value: "ANY_HUMAN", label: "Anyone who consents" },
];

export function AgentForm({
  values,
  action,
  admin,
  submit,
}: {
  values: AgentFormValues;
  action: (form: FormData) => Promise<ActionResult<unknown>>;
  admin?: boolean;
  submit: string;
}) {
  const router = useRouter();
  return (
    <ActionForm
      action={action}
      success={values.agentId ? "Agent saved; the change is in the ledger" : "Agent registered"}
      resetOnSuccess={false}
      onSuccess={(data) => {
        const id = (data as { id?: string } | undefined)?.id;
        if (id) router.push(`/agents/${id}/edit`);
      }}
      className="grid gap-4 md:grid-cols-2"
    >
      {({ fieldErrors }) => (
        <>
          {values.agentId ? <input type="hidden" name="agentId" value={values.agentId} /> : null}
          <FormField label="Name" htmlFor="agent-name" error={errorOf(fieldErrors, "name")} required>
            <Input id="agent-name" name="name" defaultValue={values.name} />
          </FormField>
          <FormField
            label="Runtime"
            htmlFor="agent-runtime"
            hint="Framework or platform that runs it"
            error={errorOf(fieldErrors, "runtime")}
            required
          >
            <Input id="agent-runtime" name="runtime" defaultValue={values.runtime} />
          </FormField>
          <FormField
            label="Provider"
            htmlFor="agent-provider"
            error={errorOf(fieldErrors, "provider")}
            required
          >
            <Input id="agent-provider" name="provider" defaultValue={values.provider} />
          </FormField>
          <FormField label="Model" htmlFor="agent-model" error={errorOf(fieldErrors, "model")} required>
            <Input id="agent-model" name="model" defaultValue={values.model} />
          </FormField>
          <FormField
            label="Autonomy"
            htmlFor="agent-autonomy"
            error={errorOf(fieldErrors, "autonomy")}
            required
          >
            <Select id="agent-autonomy" name="autonomy" defaultValue={values.autonomy} options={AUTONOMY} />
          </FormField>
          <FormField
            label="May act for"
            htmlFor="agent-obo"
            error={errorOf(fieldErrors, "onBehalfOf")}
            required
          >
            <Select id="agent-obo" name="onBehalfOf" defaultValue={values.onBehalfOf} options={ACT_FOR} />
          </FormField>
          <FormField
            label="Only these people (optional)"
            htmlFor="agent-actfor"
            hint="Emails, comma-separated; empty = anyone the setting above allows"
            error={errorOf(fieldErrors, "actFor")}
            className="md:col-span-2"
          >
            <Input id="agent-actfor" name="actFor" defaultValue={values.actFor} />
          </FormField>
          <FormField
            label="Tool boundary"
            htmlFor="agent-boundary"
            hint="One tool per line: tool: action, action! | data scope, data scope — an action marked ! needs a human's approval each time; a tool without actions allows any."
            error={errorOf(fieldErrors, "boundary")}
            className="md:col-span-2"
          >
            <Textarea
              id="agent-boundary"
              name="boundary"
              rows={5}
              defaultValue={values.boundary}
              className="font-mono text-xs"
            />
          </FormField>
          <FormField
            label="Attestation every (days)"
            htmlFor="agent-attest"
            error={errorOf(fieldErrors, "attestationDays")}
            required
          >
            <Input
              id="agent-attest"
              name="attestationDays"
              type="number"
              min={1}
              max={365}
              defaultValue={values.attestationDays}
            />
          </FormField>
          <FormField
            label="Longest session (minutes)"
            htmlFor="agent-ttl"
            error={errorOf(fieldErrors, "maxSessionTtlMinutes")}
            required
          >
            <Input
              id="agent-ttl"
              name="maxSessionTtlMinutes"
              type="number"
              min={1}
              max={1440}
              defaultValue={values.maxSessionTtlMinutes}
            />
          </FormField>
          <FormField
            label="Expires on (optional)"
            htmlFor="agent-expires"
            error={errorOf(fieldErrors, "expiresAt")}
          >
            <Input id="agent-expires" name="expiresAt" type="date" defaultValue={values.expiresAt} />
          </FormField>
          {admin && !values.agentId ? (
            <FormField
              label="Sponsor's email (admins)"
              htmlFor="agent-sponsor"
              hint="Empty: you sponsor it"
              error={errorOf(fieldErrors, "sponsorEmail")}
            >
              <Input id="agent-sponsor" name="sponsorEmail" type="email" />
            </FormField>
          ) : null}
          <div className="md:col-span-2">
            <SubmitButton pendingText="Saving…">{submit}</SubmitButton>
          </div>
        </>
      )}
    </ActionForm>
  );
}
