"use client";

import { useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import CodeMirror from "@uiw/react-codemirror";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { EditorView } from "@codemirror/view";
import { CheckCircle2, Save, Wand2 } from "lucide-react";
import { formatPolicyAction, saveDraftAction, validatePolicyAction } from "@/lib/policy/actions";
import type { PolicyIssue } from "@/lib/policy/compile";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toaster";
import { cedarLanguage } from "./cedar-language";

function toDiagnostics(text: string, issues: PolicyIssue[]): Diagnostic[] {
  const lines = text.split("\n");
  return issues.map((i) => {
    const lineIdx = Math.min(Math.max(i.line - 1, 0), lines.length - 1);
    const from = lines.slice(0, lineIdx).reduce((n, l) => n + l.length + 1, 0) + Math.max(0, i.column - 1);
    const to = Math.min(text.length, from + Math.max(1, (lines[lineIdx]?.length ?? 1) - (i.column - 1)));
    return {
      from: Math.min(from, text.length),
      to: Math.max(Math.min(from, text.length), to),
      severity: "error",
      message: i.message,
    };
  });
}

export function PolicyEditor({
  policySetId,
  initialText,
  version,
  canWrite,
}: {
  policySetId: string;
  initialText: string;
  version: number;
  canWrite: boolean;
}) {
  const router = useRouter();
  const [text, setText] = useState(initialText);
  const [issues, setIssues] = useState<PolicyIssue[] | null>(null);
  const [comment, setComment] = useState("");
  const [pending, start] = useTransition();
  // The linter drives validation: after each pause in typing it asks the server to validate the
  // text against the schema and shows the errors inline (and in the list below).
  const extensions = useMemo(
    () => [
      cedarLanguage,
      // A name for screen readers, and keyboard focus also when the editor is read-only (axe).
      EditorView.contentAttributes.of({ "aria-label": "Cedar policy text", tabindex: "0" }),
      lintGutter(),
      linter(
        async (view) => {
          const value = view.state.doc.toString();
          const r = await validatePolicyAction({ text: value });
          if (!r.ok) return [];
          setIssues(r.data);
          return toDiagnostics(value, r.data);
        },
        { delay: 500 },
      ),
    ],
    [],
  );

  const format = () =>
    start(async () => {
      const r = await formatPolicyAction({ text });
      if (!r.ok) return void toast.error(r.error);
      if (r.data.ok) setText(r.data.text);
      else toast.error(`Cannot format: ${r.data.issues[0]?.message ?? "parse error"}`);
    });

  const save = () =>
    start(async () => {
      const r = await saveDraftAction({ policySetId, text, comment: comment || undefined });
      if (!r.ok) return void toast.error(r.error);
      toast.success(
        r.data.unchanged
          ? `No change: this is version ${r.data.version}`
          : `Saved as draft version ${r.data.version}`,
      );
      setComment("");
      router.push(`/policies/${policySetId}?version=${r.data.version}`);
      router.refresh();
    });

  const dirty = text !== initialText;
  return (
    <div className="space-y-3">
      <div className="overflow-hidden rounded-lg border border-zinc-200" data-testid="policy-editor">
        <CodeMirror
          value={text}
          onChange={setText}
          extensions={extensions}
          editable={canWrite}
          minHeight="420px"
          maxHeight="70vh"
          basicSetup={{ lineNumbers: true, foldGutter: false }}
          aria-label="Cedar policy text"
        />
      </div>
      <div role="status" aria-live="polite" data-testid="validation-status">
        {issues === null ? (
          <p className="text-sm text-zinc-500">Validating…</p>
        ) : issues.length === 0 ? (
          <p className="flex items-center gap-1.5 text-sm text-emerald-700">
            <CheckCircle2 className="size-4" aria-hidden /> Valid against the Triad schema
          </p>
        ) : (
          <ul className="space-y-1 rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
            {issues.map((i, n) => (
              <li key={n}>
                <span className="font-mono text-xs">
                  line {i.line}:{i.column}
                </span>{" "}
                {i.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {canWrite ? (
        <div className="flex flex-wrap items-center gap-2">
          <Input
            className="max-w-sm"
            placeholder={`What changed since version ${version}?`}
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            aria-label="Change comment"
            maxLength={300}
          />
          <Button variant="outline" onClick={format} disabled={pending}>
            <Wand2 className="size-4" aria-hidden /> Format
          </Button>
          <Button onClick={save} loading={pending} disabled={!dirty}>
            <Save className="size-4" aria-hidden /> Save as new version
          </Button>
        </div>
      ) : null}
    </div>
  );
}
