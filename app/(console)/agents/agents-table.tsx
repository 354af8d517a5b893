"use client";

import type { ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table";
import { Badge, StatusBadge, humanize } from "@/components/ui/badge";
import type { AgentRow } from "@/lib/agents/queries";

const columns: ColumnDef<AgentRow>[] = [
  {
    accessorKey: "displayName",
    id: "displayName",
    header: "Agent",
    enableSorting: true,
    enableHiding: false,
    cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
  },
  {
    accessorKey: "status",
    header: "Status",
    cell: ({ row }) => <StatusBadge status={row.original.status} />,
  },
  {
    accessorKey: "model",
    header: "Model",
    cell: ({ row }) => <span className="text-sm">{row.original.model}</span>,
  },
  {
    accessorKey: "autonomy",
    header: "Autonomy",
    cell: ({ row }) => <span className="text-xs">{humanize(row.original.autonomy)}</span>,
  },
  {
    accessorKey: "tools",
    header: "Tools",
    cell: ({ row }) => <span className="text-xs text-zinc-600">{row.original.tools.join(", ") || "—"}</span>,
  },
  {
    accessorKey: "sponsor",
    header: "Sponsor",
    cell: ({ row }) => row.original.sponsor ?? <Badge tone="warning">no sponsor</Badge>,
  },
  {
    accessorKey: "liveSessions",
    header: "Live sessions",
    cell: ({ row }) => row.original.liveSessions,
    meta: { className: "text-right" },
  },
  { accessorKey: "runtime", header: "Runtime", meta: { hiddenByDefault: true } },
];

export function AgentsTable({
  rows,
  total,
  actions,
  emptyState,
}: {
  rows: AgentRow[];
  total: number;
  actions: ReactNode;
  emptyState: ReactNode;
}) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      defaultSize={50}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/agents/${r.id}/edit`}
      searchPlaceholder="Search agents…"
      filters={[
        {
          id: "status",
          title: "Status",
          options: ["ACTIVE", "SUSPENDED", "OFFBOARDING", "RETIRED"].map((v) => ({
            value: v,
            label: humanize(v),
          })),
        },
        {
          id: "autonomy",
          title: "Autonomy",
          options: ["SUGGEST_ONLY", "ACT_WITH_APPROVAL", "BOUNDED_AUTONOMY"].map((v) => ({
            value: v,
            label: humanize(v),
          })),
        },
        {
          id: "attestation",
          title: "Attestation",
          options: [{ value: "OVERDUE", label: "Overdue" }],
        },
      ]}
      actions={actions}
      emptyState={emptyState}
      storageKey="agents"
    />
  );
}
