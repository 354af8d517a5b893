"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Alert } from "@/components/ui/alert";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Given = { consentId: string; delegationToken: string; expiresAt: string };

export function GiveConsentForm({
  agents,
  action,
}: {
  agents: { id: string; displayName: string }[];
  action: (form: FormData) => Promise<ActionResult<Given>>;
}) {
  const [given, setGiven] = useState<Given | null>(null);
  return (
    <div className="space-y-4">
      <ActionForm
        action={action}
        success="Consent recorded"
        onSuccess={setGiven}
        className="grid gap-4 md:grid-cols-2"
      >
        {({ fieldErrors }) => (
          <>
            <FormField label="Agent" htmlFor="consent-agent" error={errorOf(fieldErrors, "agentId")} required>
              <Select
                id="consent-agent"
                name="agentId"
                placeholder="Choose…"
                options={agents.map((a) => ({ value: a.id, label: a.displayName }))}
              />
            </FormField>
            <FormField
              label="For how long (minutes)"
              htmlFor="consent-minutes"
              error={errorOf(fieldErrors, "minutes")}
              required
            >
              <Input
                id="consent-minutes"
                name="minutes"
                type="number"
                min={5}
                max={10080}
                defaultValue={60}
              />
            </FormField>
            <FormField
              label="What it may do for you"
              htmlFor="consent-purpose"
              error={errorOf(fieldErrors, "purpose")}
              required
              className="md:col-span-2"
            >
              <Textarea id="consent-purpose" name="purpose" rows={2} />
            </FormField>
            <FormField
              label="Only these scopes (optional)"
              htmlFor="consent-scopes"
              hint="Space-separated; empty = whatever you and the agent both hold"
              error={errorOf(fieldErrors, "scopes")}
              className="md:col-span-2"
            >
              <Input id="consent-scopes" name="scopes" />
            </FormField>
            <div className="md:col-span-2">
              <SubmitButton>Give consent</SubmitButton>
            </div>
          </>
        )}
      </ActionForm>
      {given ? (
        <Alert
          tone="success"
          title="Hand this delegation token to the agent (shown once, valid up to an hour)"
        >
          <p className="text-xs">
            The agent exchanges it at POST /api/v1/tokens (grant_type token-exchange) for a token that names
            you and it. Withdraw the consent below at any time.
          </p>
          <textarea
            readOnly
            aria-label="Delegation token"
            className="mt-2 h-24 w-full rounded border border-zinc-300 p-2 font-mono text-xs"
            value={given.delegationToken}
            data-testid="delegation-token"
          />
        </Alert>
      ) : null}
    </div>
  );
}

export function RevokeConsentButton({
  consentId,
  action,
}: {
  consentId: string;
  action: (form: FormData) => Promise<ActionResult<{ sessionsEnded: number }>>;
}) {
  return (
    <ActionForm action={action} success="Consent withdrawn; sessions relying on it ended">
      {() => (
        <>
          <input type="hidden" name="consentId" value={consentId} />
          <SubmitButton size="sm" variant="outline">
            Withdraw
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
