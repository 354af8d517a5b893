"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/actions/result";
import type { SuccessionResult } from "@/lib/ownership/succession";
import { KindBadge } from "@/components/ui/badge";
import { FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type Act<T> = (form: FormData) => Promise<ActionResult<T>>;

export function TransferForm({
  owned,
  teams,
  action,
}: {
  owned: { id: string; displayName: string; kind: string }[];
  teams: { value: string; label: string }[];
  action: Act<{ transferId: string; receiver: string }>;
}) {
  const [toTeam, setToTeam] = useState(false);
  return (
    <ActionForm action={action} success="Hand-over sent; the receiver must accept it" className="space-y-4">
      {({ fieldErrors }) => (
        <>
          <FormField
            label="Identity"
            htmlFor="transfer-actor"
            error={errorOf(fieldErrors, "actorId")}
            required
          >
            <Select
              id="transfer-actor"
              name="actorId"
              placeholder="Choose…"
              options={owned.map((o) => ({
                value: o.id,
                label: `${o.displayName} (${o.kind === "AGENT" ? "agent" : "NHI"})`,
              }))}
            />
          </FormField>
          <div className="flex gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="receiverKind"
                checked={!toTeam}
                onChange={() => setToTeam(false)}
                className="accent-indigo-600"
              />{" "}
              A person
            </label>
            <label className="flex items-center gap-1.5">
              <input
                type="radio"
                name="receiverKind"
                checked={toTeam}
                onChange={() => setToTeam(true)}
                className="accent-indigo-600"
              />{" "}
              A team (its lead accepts)
            </label>
          </div>
          {toTeam ? (
            <FormField
              label="Team"
              htmlFor="transfer-team"
              error={errorOf(fieldErrors, "toTeamId") ?? errorOf(fieldErrors, "toEmail")}
              required
            >
              <Select id="transfer-team" name="toTeamId" placeholder="Choose a team…" options={teams} />
            </FormField>
          ) : (
            <FormField
              label="Receiver's email"
              htmlFor="transfer-email"
              error={errorOf(fieldErrors, "toEmail") ?? errorOf(fieldErrors, "toId")}
              required
            >
              <Input
                id="transfer-email"
                name="toEmail"
                type="email"
                placeholder="name@company.example"
                aria-invalid={Boolean(errorOf(fieldErrors, "toEmail"))}
              />
            </FormField>
          )}
          <FormField label="Reason" htmlFor="transfer-reason" error={errorOf(fieldErrors, "reason")} required>
            <Textarea id="transfer-reason" name="reason" rows={2} />
          </FormField>
          <SubmitButton pendingText="Sending…">Send hand-over</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function DecideTransfer({
  transferId,
  choices,
  action,
}: {
  transferId: string;
  choices: ("ACCEPT" | "DECLINE" | "CANCEL")[];
  action: Act<{ status: string }>;
}) {
  const label = { ACCEPT: "Accept", DECLINE: "Decline", CANCEL: "Cancel" } as const;
  return (
    <div className="flex justify-end gap-2">
      {choices.map((c) => (
        <ActionForm
          key={c}
          action={action}
          success={`Hand-over ${c === "ACCEPT" ? "accepted" : c === "DECLINE" ? "declined" : "cancelled"}`}
        >
          {() => (
            <>
              <input type="hidden" name="transferId" value={transferId} />
              <input type="hidden" name="decision" value={c} />
              <SubmitButton size="sm" variant={c === "ACCEPT" ? "primary" : "outline"}>
                {label[c]}
              </SubmitButton>
            </>
          )}
        </ActionForm>
      ))}
    </div>
  );
}

export function AcceptSuccession({
  items,
  action,
}: {
  items: { id: string; name: string; kind: "NHI" | "AGENT"; detail: string; why: string | null }[];
  action: Act<{ accepted: number }>;
}) {
  return (
    <ActionForm action={action} success="Accepted: you are now accountable for them" className="space-y-3">
      {() => (
        <>
          <ul className="divide-y divide-zinc-100 text-sm">
            {items.map((i) => (
              <li key={i.id} className="flex items-center gap-3 py-2">
                <input
                  type="checkbox"
                  name="actorIds"
                  value={i.id}
                  defaultChecked
                  className="size-4 accent-indigo-600"
                  aria-label={`Accept ${i.name}`}
                />
                <KindBadge kind={i.kind} />
                <div>
                  <div className="font-medium">{i.name}</div>
                  <div className="text-xs text-zinc-500">
                    {i.detail}
                    {i.why ? ` · ${i.why}` : ""}
                  </div>
                </div>
              </li>
            ))}
          </ul>
          <SubmitButton pendingText="Accepting…">Accept selected</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function OffboardForm({ action }: { action: Act<SuccessionResult> }) {
  const [last, setLast] = useState<SuccessionResult | null>(null);
  return (
    <ActionForm
      action={action}
      success="Offboarded; succession applied"
      onSuccess={setLast}
      className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto]"
    >
      {({ fieldErrors }) => (
        <>
          <FormField
            label="Person's email"
            htmlFor="offboard-email"
            error={errorOf(fieldErrors, "email")}
            required
          >
            <Input
              id="offboard-email"
              name="email"
              type="email"
              autoComplete="off"
              placeholder="name@company.example"
            />
          </FormField>
          <FormField label="Reason" htmlFor="offboard-reason" error={errorOf(fieldErrors, "reason")} required>
            <Input id="offboard-reason" name="reason" placeholder="Left the company on …" />
          </FormField>
          <SubmitButton variant="destructive" pendingText="Offboarding…">
            Offboard
          </SubmitButton>
          {last ? (
            <p className="text-sm text-zinc-600 sm:col-span-3" data-testid="offboard-result">
              {last.orphanedNhis} NHI(s) orphaned and {last.suspendedAgents} agent(s) suspended;{" "}
              {last.successorId
                ? `pending with their ${last.via}.`
                : "no manager or team lead to hand them to — they wait in the claim queue."}
            </p>
          ) : null}
        </>
      )}
    </ActionForm>
  );
}
