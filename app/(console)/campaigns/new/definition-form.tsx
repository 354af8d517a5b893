"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { launchCampaignAction, previewCampaignAction } from "@/lib/campaigns/actions";
import type { Preview } from "@/lib/campaigns/generate";
import {
  CAMPAIGN_KINDS,
  DEADLINE_ACTIONS,
  DEADLINE_LABELS,
  KIND_LABELS,
  OUTCOME_RULES,
  OUTCOME_RULE_LABELS,
  RECURRENCES,
  STAGE_REVIEWERS,
  type CampaignKind,
  type CampaignSettings,
  type Stage,
} from "@/lib/campaigns/schemas";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Checkbox } from "@/components/ui/checkbox";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";
import { PreviewPanel } from "./preview-panel";

type Defaults = Record<string, Omit<CampaignSettings, "fallbackReviewerId">>;
type Option = { id: string; displayName?: string; name?: string };

const list = (text: string) =>
  text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const nums = (text: string) =>
  list(text)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n >= 0);
const day = (d: Date) => new Date(d).toISOString().slice(0, 10);
const STAGE_REVIEWER_LABELS: Record<(typeof STAGE_REVIEWERS)[number], string> = {
  STRATEGY: "The kind's reviewer (manager, owner, sponsor)",
  STRATEGY_AND_ADDITIONAL: "That reviewer and the additional reviewer",
  ADDITIONAL: "The additional reviewer",
  FALLBACK: "The fallback reviewer",
};

export function DefinitionForm({
  defaults,
  people,
  resources,
  me,
}: {
  defaults: Defaults;
  people: Option[];
  resources: Option[];
  me: string | null;
}) {
  const router = useRouter();
  const [kind, setKind] = useState<CampaignKind>("MANAGER_ACCESS");
  const [s, setS] = useState(() => ({ ...defaults.MANAGER_ACCESS, fallbackReviewerId: me ?? "" }));
  const [name, setName] = useState("Quarterly access review");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState<"preview" | "launch" | null>(null);

  const chooseKind = (k: CampaignKind) => {
    setKind(k);
    setS((prev) => ({
      ...defaults[k],
      fallbackReviewerId: prev.fallbackReviewerId,
      additionalReviewerId: prev.additionalReviewerId,
    }));
    setPreview(null);
  };
  const set = <K extends keyof CampaignSettings>(key: K, value: CampaignSettings[K]) => {
    setS((prev) => ({ ...prev, [key]: value }));
    setPreview(null);
  };
  const setScope = (patch: Partial<CampaignSettings["scope"]>) => set("scope", { ...s.scope, ...patch });
  const setStage = (i: number, patch: Partial<Stage>) =>
    set(
      "stages",
      s.stages.map((st, j) => (j === i ? { ...st, ...patch } : st)),
    );
  const err = (key: string) => fieldErrors[key]?.join(" ") ?? fieldErrors[`settings.${key}`]?.join(" ");

  async function run(which: "preview" | "launch") {
    setBusy(which);
    setError(null);
    const settings = { ...s, kind };
    const result =
      which === "preview"
        ? await previewCampaignAction(settings)
        : await launchCampaignAction({ name, settings });
    setBusy(null);
    if (!result.ok) {
      setError(result.error);
      setFieldErrors(result.fieldErrors ?? {});
      return;
    }
    setFieldErrors({});
    if (which === "preview") setPreview(result.data as Preview);
    else {
      const out = result.data as { id: string; items: number };
      toast.success(`Launched with ${out.items.toLocaleString("en-US")} items`);
      router.push(`/campaigns/${out.id}`);
    }
  }

  return (
    <form
      className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]"
      onSubmit={(e) => {
        e.preventDefault();
        void run("launch");
      }}
      noValidate
    >
      <div className="space-y-6">
        <FormError error={error} />
        <Card>
          <CardHeader>
            <CardTitle>What is reviewed</CardTitle>
            <CardDescription>
              Each kind comes with its own defaults below; change any of them.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            <FormField label="Name" htmlFor="name" error={err("name")} required>
              <Input
                id="name"
                value={name}
                onChange={(e) => setName(e.target.value)}
                aria-invalid={Boolean(err("name"))}
              />
            </FormField>
            <FormField label="Type" htmlFor="kind">
              <Select
                id="kind"
                value={kind}
                onChange={(e) => chooseKind(e.target.value as CampaignKind)}
                options={CAMPAIGN_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
              />
            </FormField>
            <FormField label="Resources" htmlFor="resources" hint="None selected: every resource.">
              <select
                id="resources"
                multiple
                className="h-24 w-full rounded-md border border-zinc-300 px-2 text-sm"
                value={s.scope.resourceIds}
                onChange={(e) =>
                  setScope({ resourceIds: Array.from(e.target.selectedOptions, (o) => o.value) })
                }
              >
                {resources.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </select>
            </FormField>
            <div className="grid gap-4">
              <FormField label="Departments" htmlFor="departments" hint="Comma-separated; empty: all.">
                <Input
                  id="departments"
                  defaultValue={s.scope.departments.join(", ")}
                  onBlur={(e) => setScope({ departments: list(e.target.value) })}
                />
              </FormField>
              <FormField label="Platforms" htmlFor="platforms" hint="For NHIs, e.g. AWS, GitHub.">
                <Input
                  id="platforms"
                  defaultValue={s.scope.platforms.join(", ")}
                  onBlur={(e) => setScope({ platforms: list(e.target.value) })}
                />
              </FormField>
            </div>
            <FormField
              label="Not reviewed in (days)"
              htmlFor="notReviewedDays"
              hint="Empty: regardless of the last review."
            >
              <Input
                id="notReviewedDays"
                type="number"
                min={1}
                value={s.scope.notReviewedDays ?? ""}
                onChange={(e) =>
                  setScope({ notReviewedDays: e.target.value ? Number(e.target.value) : null })
                }
              />
            </FormField>
            <div className="flex flex-col justify-end gap-2 pb-1">
              <Checkbox
                id="privilegedOnly"
                label="Privileged entitlements only"
                checked={s.scope.privilegedOnly}
                onChange={(e) => setScope({ privilegedOnly: e.target.checked })}
              />
              <fieldset className="flex gap-3 text-sm">
                <legend className="sr-only">Kinds of actor</legend>
                {(["HUMAN", "NHI", "AGENT"] as const).map((k) => (
                  <Checkbox
                    key={k}
                    id={`kind-${k}`}
                    label={k === "NHI" ? "NHIs" : k === "HUMAN" ? "Humans" : "Agents"}
                    checked={s.scope.kinds.includes(k)}
                    onChange={(e) =>
                      setScope({
                        kinds: e.target.checked
                          ? [...s.scope.kinds, k]
                          : s.scope.kinds.filter((x) => x !== k),
                      })
                    }
                  />
                ))}
              </fieldset>
            </div>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Reviewers and stages</CardTitle>
            <CardDescription>
              Nobody reviews their own access: such items, and items where the rule finds nobody, go to the
              fallback reviewer.
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div className="grid gap-4 sm:grid-cols-2">
              <FormField
                label="Fallback reviewer"
                htmlFor="fallback"
                error={err("fallbackReviewerId")}
                required
              >
                <Select
                  id="fallback"
                  value={s.fallbackReviewerId}
                  placeholder="Choose a person"
                  onChange={(e) => set("fallbackReviewerId", e.target.value)}
                  options={people.map((p) => ({ value: p.id, label: p.displayName ?? p.id }))}
                />
              </FormField>
              <FormField
                label="Additional reviewer"
                htmlFor="additional"
                hint="Optional: a second reviewer for stages that ask for one."
                error={err("additionalReviewerId")}
              >
                <Select
                  id="additional"
                  value={s.additionalReviewerId ?? ""}
                  placeholder="None"
                  onChange={(e) => set("additionalReviewerId", e.target.value || null)}
                  options={people.map((p) => ({ value: p.id, label: p.displayName ?? p.id }))}
                />
              </FormField>
            </div>
            <ol className="space-y-3">
              {s.stages.map((st, i) => (
                <li
                  key={i}
                  className="grid items-end gap-3 rounded-md border border-zinc-200 p-3 sm:grid-cols-[auto_1fr_1fr_1fr_auto]"
                >
                  <span className="pb-2 text-sm font-medium text-zinc-700">Stage {i + 1}</span>
                  <FormField label="Reviewers" htmlFor={`stage-${i}-reviewers`}>
                    <Select
                      id={`stage-${i}-reviewers`}
                      value={st.reviewers}
                      onChange={(e) => setStage(i, { reviewers: e.target.value as Stage["reviewers"] })}
                      options={STAGE_REVIEWERS.map((r) => ({ value: r, label: STAGE_REVIEWER_LABELS[r] }))}
                    />
                  </FormField>
                  <FormField label="Outcome rule" htmlFor={`stage-${i}-rule`}>
                    <Select
                      id={`stage-${i}-rule`}
                      value={st.rule}
                      onChange={(e) => setStage(i, { rule: e.target.value as Stage["rule"] })}
                      options={OUTCOME_RULES.map((r) => ({ value: r, label: OUTCOME_RULE_LABELS[r] }))}
                    />
                  </FormField>
                  <FormField label="When nobody is found" htmlFor={`stage-${i}-none`}>
                    <Select
                      id={`stage-${i}-none`}
                      value={st.onNoReviewer}
                      onChange={(e) => setStage(i, { onNoReviewer: e.target.value as Stage["onNoReviewer"] })}
                      options={[
                        { value: "FALLBACK", label: "Send to the fallback" },
                        { value: "SKIP", label: "Skip the stage" },
                      ]}
                    />
                  </FormField>
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={s.stages.length === 1}
                    onClick={() =>
                      set(
                        "stages",
                        s.stages.filter((_, j) => j !== i),
                      )
                    }
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ol>
            <Button
              variant="outline"
              size="sm"
              disabled={s.stages.length >= 3}
              onClick={() =>
                set("stages", [
                  ...s.stages,
                  { reviewers: "ADDITIONAL", rule: "ONE_ACCEPT", onNoReviewer: "SKIP" },
                ])
              }
            >
              Add a stage
            </Button>
          </CardContent>
        </Card>

        <Card>
          <CardHeader>
            <CardTitle>Dates and rules</CardTitle>
            <CardDescription>
              Silence is handled by the deadline rule; reminders go only to reviewers with undecided items.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-3">
            <FormField label="Start" htmlFor="startsAt" error={err("startsAt")}>
              <Input
                id="startsAt"
                type="date"
                value={day(s.startsAt)}
                onChange={(e) => e.target.value && set("startsAt", new Date(e.target.value))}
              />
            </FormField>
            <FormField label="Due" htmlFor="dueAt" error={err("dueAt")} required>
              <Input
                id="dueAt"
                type="date"
                value={day(s.dueAt)}
                onChange={(e) => e.target.value && set("dueAt", new Date(`${e.target.value}T23:59:00Z`))}
                aria-invalid={Boolean(err("dueAt"))}
              />
            </FormField>
            <FormField label="Recurrence" htmlFor="recurrence">
              <Select
                id="recurrence"
                value={s.recurrence}
                onChange={(e) => set("recurrence", e.target.value as CampaignSettings["recurrence"])}
                options={RECURRENCES.map((r) => ({
                  value: r,
                  label: r === "NONE" ? "Once" : r.charAt(0) + r.slice(1).toLowerCase(),
                }))}
              />
            </FormField>
            <FormField label="Reminders (days before due)" htmlFor="reminders">
              <Input
                id="reminders"
                defaultValue={s.reminderDays.join(", ")}
                onBlur={(e) => set("reminderDays", nums(e.target.value))}
              />
            </FormField>
            <FormField label="Escalation levels (days after due)" htmlFor="escalations">
              <Input
                id="escalations"
                defaultValue={s.escalationDays.join(", ")}
                onBlur={(e) => set("escalationDays", nums(e.target.value))}
              />
            </FormField>
            <div />
            <FormField label="Deadline rule for undecided items" htmlFor="deadline" className="sm:col-span-2">
              <Select
                id="deadline"
                value={s.deadline.action}
                onChange={(e) =>
                  set("deadline", {
                    ...s.deadline,
                    action: e.target.value as CampaignSettings["deadline"]["action"],
                  })
                }
                options={DEADLINE_ACTIONS.map((a) => ({ value: a, label: DEADLINE_LABELS[a] }))}
              />
            </FormField>
            <FormField label="Grace period (days)" htmlFor="grace">
              <Input
                id="grace"
                type="number"
                min={0}
                max={90}
                value={s.deadline.graceDays}
                onChange={(e) => set("deadline", { ...s.deadline, graceDays: Number(e.target.value) || 0 })}
              />
            </FormField>
            <Checkbox
              id="noBulkPrivileged"
              className="sm:col-span-3"
              label="Privileged items cannot be bulk-decided"
              description="Select-all in the reviewer queue skips them; each needs its own decision."
              checked={s.noBulkPrivileged}
              onChange={(e) => set("noBulkPrivileged", e.target.checked)}
            />
          </CardContent>
        </Card>
      </div>
      <aside className="space-y-4 lg:sticky lg:top-4 lg:self-start">
        <PreviewPanel preview={preview} />
        <div className="flex gap-2">
          <Button variant="outline" loading={busy === "preview"} onClick={() => void run("preview")}>
            Preview
          </Button>
          <Button
            type="submit"
            loading={busy === "launch"}
            disabled={!preview || preview.guards.length > 0 || preview.items === 0}
          >
            Launch
          </Button>
        </div>
        {!preview ? (
          <p className="text-xs text-zinc-500">
            Preview first: launch is enabled once the simulation has run for these settings.
          </p>
        ) : null}
      </aside>
    </form>
  );
}
