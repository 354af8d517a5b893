"use client";

import { useState, useTransition } from "react";
import { Play, Plus, Trash2 } from "lucide-react";
import { addTestCaseAction, deleteTestCaseAction, runTestsAction } from "@/lib/policy/actions";
import type { TestResult } from "@/lib/policy/testing";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError, FormField } from "@/components/ui/form-field";
import { Input, Textarea } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";

type Case = { id: string; name: string; expected: "ALLOW" | "DENY"; request: unknown };

const EXAMPLE = JSON.stringify(
  {
    subject: { type: "human", id: "test-alice", properties: { entitlements: ["e1"], mfaMinutesAgo: 5 } },
    action: { name: "readData" },
    resource: { type: "entitlement", id: "e1", properties: { privileged: true } },
  },
  null,
  2,
);

export function TestCases({
  policySetId,
  versionId,
  version,
  cases,
  canWrite,
}: {
  policySetId: string;
  versionId: string;
  version: number;
  cases: Case[];
  canWrite: boolean;
}) {
  const [pending, start] = useTransition();
  const [results, setResults] = useState<Record<string, TestResult> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [open, setOpen] = useState(false);

  const run = () =>
    start(async () => {
      const r = await runTestsAction({ versionId });
      if (!r.ok) return void toast.error(r.error);
      setResults(Object.fromEntries(r.data.map((t) => [t.id, t])));
      const failed = r.data.filter((t) => !t.passed).length;
      if (failed) toast.error(`${failed} of ${r.data.length} tests fail on version ${version}`);
      else toast.success(`All ${r.data.length} tests pass on version ${version}`);
    });

  const passed = results ? Object.values(results).filter((r) => r.passed).length : 0;
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={run} loading={pending}>
          <Play className="size-4" aria-hidden /> Run tests on version {version}
        </Button>
        {canWrite ? (
          <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
            <Plus className="size-4" aria-hidden /> Add test case
          </Button>
        ) : null}
        {results ? (
          <span data-testid="test-summary" className="text-sm text-zinc-700">
            {passed} of {Object.keys(results).length} passed
          </span>
        ) : null}
      </div>
      {cases.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No test cases yet. Add a request and its expected decision; every test must pass before a version
          can be activated.
        </p>
      ) : null}
      <ul className="divide-y divide-zinc-100">
        {cases.map((c) => {
          const r = results?.[c.id];
          return (
            <li key={c.id} className="flex items-start justify-between gap-2 py-2">
              <div className="min-w-0">
                <div className="text-sm font-medium text-zinc-900">{c.name}</div>
                <div className="text-xs text-zinc-500">
                  expects{" "}
                  <Badge tone={c.expected === "ALLOW" ? "success" : "warning"}>
                    {c.expected.toLowerCase()}
                  </Badge>
                  {r ? (
                    <>
                      {" "}
                      · got <Badge tone={r.passed ? "success" : "danger"}>
                        {r.actual.toLowerCase()}
                      </Badge>{" "}
                      <span className="text-zinc-600">{r.reason}</span>
                    </>
                  ) : null}
                </div>
              </div>
              {canWrite ? (
                <Button
                  size="icon"
                  variant="ghost"
                  aria-label={`Delete test ${c.name}`}
                  onClick={() =>
                    start(async () => {
                      const d = await deleteTestCaseAction({ testCaseId: c.id });
                      if (!d.ok) toast.error(d.error);
                    })
                  }
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title="Add a test case"
        description="An AuthZEN request and the decision it must get. Subjects and resources not in the inventory are built from their properties."
      >
        <form
          className="space-y-3"
          action={(form) =>
            start(async () => {
              const r = await addTestCaseAction({
                policySetId,
                name: String(form.get("name") ?? ""),
                request: String(form.get("request") ?? ""),
                expected: String(form.get("expected")) as "ALLOW" | "DENY",
              });
              if (r.ok) {
                setOpen(false);
                setError(null);
                setFieldErrors({});
                toast.success("Test case added");
              } else {
                setError(r.error);
                setFieldErrors(r.fieldErrors ?? {});
              }
            })
          }
        >
          <FormField label="Name" htmlFor="tc-name" error={fieldErrors.name} required>
            <Input id="tc-name" name="name" required maxLength={120} />
          </FormField>
          <FormField label="Request (JSON)" htmlFor="tc-request" error={fieldErrors.request}>
            <Textarea
              id="tc-request"
              name="request"
              rows={10}
              defaultValue={EXAMPLE}
              className="font-mono text-xs"
            />
          </FormField>
          <FormField label="Expected decision" htmlFor="tc-expected">
            <Select
              id="tc-expected"
              name="expected"
              options={[
                { value: "ALLOW", label: "Allow" },
                { value: "DENY", label: "Deny" },
              ]}
              defaultValue="DENY"
            />
          </FormField>
          <FormError error={error} />
          <div className="flex justify-end">
            <Button type="submit" loading={pending}>
              Add
            </Button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
