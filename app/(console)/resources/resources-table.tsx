"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Boxes } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge, humanize } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

type Row = {
  id: string;
  name: string;
  kind: string;
  sensitivity: string;
  environment: string;
  sourceSystem: string;
  externalId: string;
  owner: { id: string; displayName: string } | null;
  entitlementCount: number;
  privilegedCount: number;
};
const SENS_TONE: Record<string, "neutral" | "info" | "warning" | "danger"> = {
  PUBLIC: "neutral",
  INTERNAL: "info",
  CONFIDENTIAL: "warning",
  RESTRICTED: "danger",
};
const opts = (v: string[]) => v.map((x) => ({ value: x, label: humanize(x) }));

const columns: ColumnDef<Row>[] = [
  {
    accessorKey: "name",
    header: "Name",
    enableSorting: true,
    enableHiding: false,
    cell: ({ row }) => (
      <div>
        <div className="font-medium">{row.original.name}</div>
        <div className="text-xs text-zinc-500">
          {row.original.sourceSystem} · {row.original.externalId}
        </div>
      </div>
    ),
  },
  {
    accessorKey: "kind",
    header: "Kind",
    enableSorting: true,
    cell: ({ row }) => humanize(row.original.kind),
  },
  {
    accessorKey: "sensitivity",
    header: "Sensitivity",
    enableSorting: true,
    cell: ({ row }) => (
      <Badge tone={SENS_TONE[row.original.sensitivity]}>{humanize(row.original.sensitivity)}</Badge>
    ),
  },
  {
    accessorKey: "environment",
    header: "Environment",
    enableSorting: true,
    cell: ({ row }) => humanize(row.original.environment),
  },
  {
    id: "owner",
    header: "Owner",
    cell: ({ row }) => row.original.owner?.displayName ?? <span className="text-zinc-500">—</span>,
  },
  { accessorKey: "entitlementCount", header: "Entitlements", meta: { className: "text-right" } },
  {
    accessorKey: "privilegedCount",
    header: "Privileged",
    meta: { className: "text-right" },
    cell: ({ row }) =>
      row.original.privilegedCount ? <Badge tone="danger">{row.original.privilegedCount}</Badge> : "0",
  },
];

export function ResourcesTable({ rows, total }: { rows: Row[]; total: number }) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      defaultSize={50}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/resources/${r.id}`}
      searchPlaceholder="Search name or external id…"
      filters={[
        {
          id: "kind",
          title: "Kind",
          options: opts(["APPLICATION", "DATASET", "API", "TOOL", "INFRASTRUCTURE"]),
        },
        {
          id: "sensitivity",
          title: "Sensitivity",
          options: opts(["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"]),
        },
        {
          id: "environment",
          title: "Environment",
          options: opts(["PRODUCTION", "STAGING", "DEVELOPMENT", "SANDBOX"]),
        },
      ]}
      storageKey="resources"
      emptyState={
        <EmptyState
          icon={Boxes}
          title="No resources yet"
          action={<ButtonLink href="/settings/import">Import grants</ButtonLink>}
        >
          Resources and their entitlements are created when you import a grants CSV.
        </EmptyState>
      }
    />
  );
}
