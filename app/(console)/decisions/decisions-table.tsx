"use client";

import type { ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table";
import { Badge, KindBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/time";
import type { DecisionRow } from "@/lib/decisions/queries";

const columns: ColumnDef<DecisionRow>[] = [
  { accessorKey: "at", header: "When", cell: ({ row }) => <span className="text-xs whitespace-nowrap text-zinc-600">{formatDateTime(row.original.at)}</span>, enableHiding: false },
  {
    accessorKey: "decision",
    header: "Decision",
    cell: ({ row }) => <Badge tone={row.original.decision === "ALLOW" ? "success" : "danger"}>{row.original.decision.toLowerCase()}</Badge>,
  },
  {
    id: "subject",
    header: "Subject",
    cell: ({ row }) => (
      <div className="flex items-center gap-1.5">
        {row.original.subjectKind ? <KindBadge kind={row.original.subjectKind} /> : null}
        <span className="text-sm">{row.original.subjectName ?? row.original.subjectRef}</span>
      </div>
    ),
  },
  { accessorKey: "action", header: "Action", cell: ({ row }) => <code className="text-xs">{row.original.action}</code> },
  {
    accessorKey: "resource",
    header: "Resource",
    cell: ({ row }) => {
      const r = row.original.resource;
      return (
        <span className="font-mono text-xs whitespace-nowrap" title={r}>
          {r.length > 30 ? `${r.slice(0, 28)}…` : r}
        </span>
      );
    },
  },
  {
    id: "why",
    header: "Reason / policies",
    cell: ({ row }) => (
      <div className="min-w-64 max-w-md">
        <div className="text-xs text-zinc-800">{row.original.reason}</div>
        <div className="text-xs text-zinc-500">{row.original.policies.join(", ")}</div>
      </div>
    ),
  },
  { accessorKey: "client", header: "Client", cell: ({ row }) => <span className="block max-w-40 truncate text-xs text-zinc-600" title={row.original.client}>{row.original.client}</span>, meta: { hiddenByDefault: true } },
  {
    accessorKey: "policyVersion",
    header: "Policy version",
    cell: ({ row }) => (
      <code className="text-xs" title={row.original.policyVersion} data-testid="decision-version">
        {row.original.policyVersion.slice(0, 12)}
      </code>
    ),
  },
];

export function DecisionsTable({ rows, hasMore, nextCursor, emptyState }: { rows: DecisionRow[]; hasMore: boolean; nextCursor: string | null; emptyState: ReactNode }) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      hasMore={hasMore}
      nextCursor={nextCursor}
      defaultSize={50}
      getRowId={(r) => r.seq}
      searchPlaceholder="Actor id or policy version hash…"
      filters={[{ id: "decision", title: "Decision", options: [{ value: "ALLOW", label: "Allow" }, { value: "DENY", label: "Deny" }] }]}
      emptyState={emptyState}
      storageKey="decisions"
    />
  );
}
