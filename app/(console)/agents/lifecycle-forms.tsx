"use client";

import type { ActionResult } from "@/lib/actions/result";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Act<T = unknown> = (form: FormData) => Promise<ActionResult<T>>;

export function StatusForm({
  agentId,
  status,
  action,
}: {
  agentId: string;
  status: "ACTIVE" | "SUSPENDED";
  action: Act;
}) {
  const suspend = status === "ACTIVE";
  return (
    <ActionForm
      action={action}
      success={suspend ? "Agent suspended; its sessions ended" : "Agent resumed"}
      className="flex flex-wrap items-end gap-3"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="agentId" value={agentId} />
          <input type="hidden" name="status" value={suspend ? "SUSPENDED" : "ACTIVE"} />
          <FormField
            label="Reason"
            htmlFor={`status-reason-${agentId}`}
            error={errorOf(fieldErrors, "reason")}
            className="min-w-64 flex-1"
          >
            <Input
              id={`status-reason-${agentId}`}
              name="reason"
              placeholder={suspend ? "Investigating unexpected tool calls" : "Investigation closed"}
            />
          </FormField>
          <SubmitButton variant={suspend ? "destructive" : "primary"}>
            {suspend ? "Suspend" : "Resume"}
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function KillSessionButton({
  sessionId,
  label,
  action,
}: {
  sessionId: string;
  label: string;
  action: Act;
}) {
  return (
    <ActionForm action={action} success="Session killed: its tokens are refused everywhere">
      {() => (
        <>
          <input type="hidden" name="sessionId" value={sessionId} />
          <SubmitButton size="sm" variant="destructive" aria-label={label}>
            Kill
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function StartRetirementForm({ agentId, action }: { agentId: string; action: Act }) {
  return (
    <ActionForm action={action} success="Retirement started" className="flex flex-wrap items-end gap-3">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="actorId" value={agentId} />
          <FormField
            label="Why retire it?"
            htmlFor={`retire-${agentId}`}
            error={errorOf(fieldErrors, "reason")}
            className="min-w-64 flex-1"
          >
            <Input id={`retire-${agentId}`} name="reason" />
          </FormField>
          <SubmitButton variant="destructive">Start retirement</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function RetirementStepForm({
  agentId,
  step,
  title,
  needsEvidence,
  action,
}: {
  agentId: string;
  step: string;
  title: string;
  needsEvidence: boolean;
  action: Act;
}) {
  return (
    <ActionForm action={action} success={`${title}: done`} className="flex flex-wrap items-end gap-3">
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="actorId" value={agentId} />
          <input type="hidden" name="step" value={step} />
          {needsEvidence ? (
            <FormField
              label="Evidence"
              htmlFor={`evidence-${agentId}`}
              error={errorOf(fieldErrors, "evidence")}
              className="min-w-64 flex-1"
            >
              <Input id={`evidence-${agentId}`} name="evidence" placeholder="Ticket, link or note" />
            </FormField>
          ) : null}
          <SubmitButton size="sm">{title}</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function ClaimAgentForm({ agentId, name, action }: { agentId: string; name: string; action: Act }) {
  return (
    <ActionForm
      action={action}
      success="Claim sent: a security admin approves it"
      className="flex flex-wrap items-end gap-3"
    >
      {({ fieldErrors }) => (
        <>
          <input type="hidden" name="agentId" value={agentId} />
          <FormField
            label={`Why will you sponsor ${name}?`}
            htmlFor={`claim-${agentId}`}
            error={errorOf(fieldErrors, "justification")}
            className="min-w-64 flex-1"
          >
            <Input id={`claim-${agentId}`} name="justification" />
          </FormField>
          <SubmitButton size="sm" variant="outline">
            Claim
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
