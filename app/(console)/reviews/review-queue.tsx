"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import type { ColumnDef } from "@tanstack/react-table";
import { ClipboardCheck } from "lucide-react";
import { decideItemsAction } from "@/lib/campaigns/actions";
import type { QueueRow } from "@/lib/campaigns/queue";
import { REVIEW_DECISIONS, type ReviewDecisionInput } from "@/lib/campaigns/schemas";
import { DataTable } from "@/components/data-table";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toaster";

type Option = { id: string; name?: string; displayName?: string; resourceId?: string; privileged?: boolean };

const DECISION_LABEL: Record<ReviewDecisionInput, string> = {
  ACCEPT: "Accept",
  REVOKE: "Revoke",
  REDUCE: "Reduce",
  ESCALATE: "Escalate",
  DELEGATE: "Delegate",
};

function Signals({ row }: { row: QueueRow }) {
  const r = row.recommendation;
  const granted = row.grantedAt
    ? `Granted ${new Date(row.grantedAt).toISOString().slice(0, 10)} via ${humanize(row.source ?? "unknown")}${row.approvedBy ? `, approved by ${row.approvedBy}` : ""}.`
    : null;
  return (
    <ul className="max-w-md space-y-0.5 text-xs whitespace-normal text-zinc-600">
      {granted ? <li>{granted}</li> : null}
      {r.reasons.map((x) => (
        <li key={x.signal}>
          <span className={x.weight > 0 ? "text-red-700" : x.weight < 0 ? "text-emerald-700" : ""}>
            {x.text}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ReviewQueue({
  rows,
  total,
  progress,
  shownAt,
  reduceOptions,
  people,
}: {
  rows: QueueRow[];
  total: number;
  progress: { total: number; decided: number };
  shownAt: number;
  reduceOptions: Option[];
  people: Option[];
}) {
  const router = useRouter();
  const [picked, setSelected] = useState<Set<string>>(new Set());
  const [decision, setDecision] = useState<ReviewDecisionInput>("ACCEPT");
  const [reason, setReason] = useState("");
  const [replacement, setReplacement] = useState("");
  const [delegateTo, setDelegateTo] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonRef = useRef<HTMLInputElement>(null);
  const open = rows.filter((r) => !r.decision);
  const bulkable = open.filter((r) => r.bulkAllowed);
  const pct = progress.total ? Math.round((progress.decided / progress.total) * 100) : 0;

  // Only undecided rows of this page can stay selected (after paging, filtering or a refresh).
  const selected = useMemo(
    () => new Set(open.filter((r) => picked.has(r.id)).map((r) => r.id)),
    [open, picked],
  );
  // Keyboard: a / r / e / d pick the decision and jump to the reason; Shift+A selects all; Escape clears.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest("input,textarea,select,[contenteditable]")) return;
      const keys: Record<string, ReviewDecisionInput> = {
        a: "ACCEPT",
        r: "REVOKE",
        e: "ESCALATE",
        d: "DELEGATE",
      };
      if (e.key === "A" && e.shiftKey) {
        setSelected(new Set(bulkable.map((r) => r.id)));
        e.preventDefault();
        return;
      }
      if (e.key === "Escape") {
        setSelected(new Set());
        return;
      }
      const k = keys[e.key];
      if (k && !e.metaKey && !e.ctrlKey) {
        setDecision(k);
        reasonRef.current?.focus();
        e.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [bulkable]);

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const n = new Set(prev);
      if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  const columns = useMemo<ColumnDef<QueueRow>[]>(
    () => [
      {
        id: "select",
        header: () => (
          <input
            type="checkbox"
            aria-label="Select all items that may be decided in bulk"
            className="size-4 accent-indigo-600"
            data-no-row-click
            checked={bulkable.length > 0 && bulkable.every((r) => selected.has(r.id))}
            onChange={(e) => setSelected(e.target.checked ? new Set(bulkable.map((r) => r.id)) : new Set())}
          />
        ),
        cell: ({ row }) =>
          row.original.decision ? null : (
            <input
              type="checkbox"
              aria-label={`Select ${row.original.subject} ${row.original.entitlement ?? ""}`}
              className="size-4 accent-indigo-600"
              data-no-row-click
              checked={selected.has(row.original.id)}
              onChange={(e) => toggle(row.original.id, e.target.checked)}
            />
          ),
        enableHiding: false,
        meta: { className: "w-8" },
      },
      {
        id: "subject",
        header: "Who",
        enableSorting: true,
        enableHiding: false,
        cell: ({ row }) => (
          <div className="flex items-center gap-2">
            <KindBadge kind={row.original.kind} />
            <span className="font-medium">{row.original.subject}</span>
          </div>
        ),
      },
      {
        id: "entitlement",
        header: "Access",
        enableSorting: true,
        cell: ({ row }) =>
          row.original.entitlement ? (
            <div>
              <span>
                {row.original.resource} · {row.original.entitlement}
              </span>
              {row.original.privileged ? (
                <Badge tone="danger" className="ml-2">
                  privileged
                </Badge>
              ) : null}
            </div>
          ) : (
            <span className="text-zinc-600">Ownership of this NHI</span>
          ),
      },
      { id: "signals", header: "Why", cell: ({ row }) => <Signals row={row.original} /> },
      {
        id: "priority",
        header: "Recommendation",
        enableSorting: true,
        cell: ({ row }) =>
          row.original.decision ? (
            <StatusBadge status={row.original.decision} />
          ) : (
            <div className="flex flex-col items-start gap-0.5">
              <StatusBadge status={row.original.recommendation.recommend} />
              <span className="text-xs text-zinc-500 tabular-nums">
                score {row.original.recommendation.score}
              </span>
            </div>
          ),
      },
      {
        id: "campaign",
        header: "Campaign",
        enableSorting: true,
        meta: { hiddenByDefault: false },
        cell: ({ row }) => (
          <span className="text-xs">
            {row.original.campaign}
            {row.original.stage > 1 ? ` · stage ${row.original.stage}` : ""}
            {row.original.assignedBy !== "STRATEGY" ? ` · ${humanize(row.original.assignedBy)}` : ""}
          </span>
        ),
      },
    ],
    [bulkable, selected],
  );

  const single = selected.size === 1 ? rows.find((r) => selected.has(r.id)) : undefined;
  const smaller = single
    ? reduceOptions.filter((o) => o.resourceId === single.resourceId && o.id !== single.entitlementId)
    : [];

  async function submit() {
    setBusy(true);
    setError(null);
    const result = await decideItemsAction({
      itemIds: [...selected],
      decision,
      reason,
      shownAt,
      replacementEntitlementId: decision === "REDUCE" ? replacement || undefined : undefined,
      delegateToId: decision === "DELEGATE" ? delegateTo || undefined : undefined,
    });
    setBusy(false);
    if (!result.ok) {
      setError(
        result.fieldErrors
          ? Object.values(result.fieldErrors).flat().join(" ") || result.error
          : result.error,
      );
      return;
    }
    toast.success(
      `${result.data.decided} item${result.data.decided === 1 ? "" : "s"}: ${DECISION_LABEL[decision].toLowerCase()}`,
    );
    setReason("");
    setSelected(new Set());
    router.refresh();
  }

  return (
    <div className="space-y-4">
      <div>
        <div className="mb-1 flex justify-between text-xs text-zinc-600">
          <span>My progress</span>
          <span className="tabular-nums">
            {progress.decided} of {progress.total} decided
          </span>
        </div>
        <div
          className="h-2 rounded bg-zinc-200"
          role="progressbar"
          aria-label="My review progress"
          aria-valuenow={pct}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div className="h-2 rounded bg-indigo-600" style={{ width: `${pct}%` }} />
        </div>
      </div>
      <form
        className="flex flex-wrap items-end gap-2 rounded-md border border-zinc-200 bg-zinc-50 p-3"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        aria-label="Decide the selected items"
      >
        <span className="pb-2 text-sm font-medium text-zinc-700" aria-live="polite">
          {selected.size} selected
        </span>
        <label className="sr-only" htmlFor="decision">
          Decision
        </label>
        <Select
          id="decision"
          className="w-36"
          value={decision}
          onChange={(e) => setDecision(e.target.value as ReviewDecisionInput)}
          options={REVIEW_DECISIONS.map((d) => ({ value: d, label: DECISION_LABEL[d] }))}
        />
        {decision === "REDUCE" ? (
          <>
            <label className="sr-only" htmlFor="replacement">
              Replace with
            </label>
            <Select
              id="replacement"
              className="w-48"
              value={replacement}
              placeholder={single ? "Replace with…" : "Select one grant"}
              onChange={(e) => setReplacement(e.target.value)}
              options={smaller.map((o) => ({ value: o.id, label: o.name ?? o.id }))}
            />
          </>
        ) : null}
        {decision === "DELEGATE" ? (
          <>
            <label className="sr-only" htmlFor="delegate">
              Delegate to
            </label>
            <Select
              id="delegate"
              className="w-48"
              value={delegateTo}
              placeholder="Delegate to…"
              onChange={(e) => setDelegateTo(e.target.value)}
              options={people.map((p) => ({ value: p.id, label: p.displayName ?? p.id }))}
            />
          </>
        ) : null}
        <label className="sr-only" htmlFor="reason">
          Reason
        </label>
        <Input
          id="reason"
          ref={reasonRef}
          className="min-w-64 flex-1"
          placeholder={decision === "ESCALATE" ? "Note for the escalation…" : "Reason (required)…"}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <Button
          type="submit"
          loading={busy}
          disabled={selected.size === 0}
          variant={decision === "REVOKE" || decision === "REDUCE" ? "destructive" : "primary"}
        >
          {DECISION_LABEL[decision]}
        </Button>
        <p className="w-full text-xs text-zinc-500">
          Keys: a accept · r revoke · e escalate · d delegate · Shift+A select all
          {open.length > bulkable.length
            ? ` (skips ${open.length - bulkable.length} privileged items, decide those one by one)`
            : ""}{" "}
          · Esc clear.
        </p>
        {error ? <FormError error={error} className="w-full" /> : null}
      </form>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        defaultSize={50}
        getRowId={(r) => r.id}
        searchPlaceholder="Search people, resources, entitlements…"
        filters={[
          {
            id: "status",
            title: "Status",
            options: [
              { value: "OPEN", label: "Open" },
              { value: "DECIDED", label: "Decided" },
            ],
          },
          {
            id: "kind",
            title: "Kind",
            options: [
              { value: "HUMAN", label: "Human" },
              { value: "NHI", label: "NHI" },
              { value: "AGENT", label: "Agent" },
            ],
          },
          {
            id: "privileged",
            title: "Privileged",
            options: [
              { value: "YES", label: "Privileged" },
              { value: "NO", label: "Not privileged" },
            ],
          },
        ]}
        emptyState={
          <EmptyState icon={ClipboardCheck} title="Nothing to review">
            When a campaign assigns items to you, they appear here, most important first.
          </EmptyState>
        }
        storageKey="reviews"
      />
    </div>
  );
}
