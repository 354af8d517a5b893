"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ClipboardCheck } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge, StatusBadge, humanize } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ButtonLink } from "@/components/ui/button";
import { formatDateTime } from "@/components/ui/time";

type Row = {
  id: string;
  name: string;
  type: string;
  status: string;
  dueAt: Date;
  closedAt: Date | null;
  createdAt: Date;
  items: number;
  decided: number;
};

const columns: ColumnDef<Row>[] = [
  {
    accessorKey: "name",
    header: "Campaign",
    enableSorting: true,
    enableHiding: false,
    cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
  },
  { accessorKey: "type", header: "Type", cell: ({ row }) => <Badge>{humanize(row.original.type)}</Badge> },
  {
    accessorKey: "status",
    header: "Status",
    cell: ({ row }) => (
      <StatusBadge
        status={row.original.closedAt && row.original.status === "ACTIVE" ? "CLOSED" : row.original.status}
        tone={row.original.closedAt && row.original.status === "ACTIVE" ? "warning" : undefined}
      />
    ),
  },
  {
    id: "progress",
    header: "Progress",
    cell: ({ row }) => {
      const pct = row.original.items ? Math.round((row.original.decided / row.original.items) * 100) : 0;
      return (
        <div className="flex items-center gap-2">
          <div
            className="h-1.5 w-24 rounded bg-zinc-200"
            role="progressbar"
            aria-valuenow={pct}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-label={`${pct}% decided`}
          >
            <div className="h-1.5 rounded bg-indigo-600" style={{ width: `${pct}%` }} />
          </div>
          <span className="text-xs text-zinc-600 tabular-nums">
            {row.original.decided.toLocaleString("en-US")} / {row.original.items.toLocaleString("en-US")}
          </span>
        </div>
      );
    },
  },
  {
    accessorKey: "dueAt",
    header: "Due",
    enableSorting: true,
    cell: ({ row }) => formatDateTime(row.original.dueAt),
  },
  {
    accessorKey: "createdAt",
    header: "Created",
    enableSorting: true,
    meta: { hiddenByDefault: true },
    cell: ({ row }) => formatDateTime(row.original.createdAt),
  },
];

export function CampaignsTable({ rows, total }: { rows: Row[]; total: number }) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      defaultSize={25}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/campaigns/${r.id}`}
      searchPlaceholder="Search campaigns…"
      filters={[
        {
          id: "status",
          title: "Status",
          options: ["ACTIVE", "COMPLETED", "CANCELLED"].map((v) => ({ value: v, label: humanize(v) })),
        },
        {
          id: "type",
          title: "Type",
          options: ["HUMAN_ACCESS", "NHI_OWNERSHIP", "AGENT_PERMISSIONS"].map((v) => ({
            value: v,
            label: humanize(v),
          })),
        },
        {
          id: "remediation",
          title: "Remediation",
          options: [{ value: "UNRESOLVED", label: "Closed, unresolved" }],
        },
      ]}
      emptyState={
        <EmptyState
          icon={ClipboardCheck}
          title="No campaigns yet"
          action={
            <ButtonLink href="/campaigns/new" size="sm">
              New campaign
            </ButtonLink>
          }
        >
          Define a review, preview it, launch it.
        </EmptyState>
      }
      storageKey="campaigns"
    />
  );
}
