"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Shield } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { holderCount, type Holders } from "@/lib/inventory/holders";

type Row = {
  id: string;
  name: string;
  privileged: boolean;
  resource: { id: string; name: string; kind: string };
  holders: Holders;
};

const count = (h: Holders, n: number) => <span className="tabular-nums">{holderCount(n, h.capped)}</span>;
const columns: ColumnDef<Row>[] = [
  {
    accessorKey: "name",
    header: "Entitlement",
    enableSorting: true,
    enableHiding: false,
    cell: ({ row }) => <span className="font-medium">{row.original.name}</span>,
  },
  { id: "resource", header: "Resource", cell: ({ row }) => row.original.resource.name },
  {
    accessorKey: "privileged",
    header: "Privileged",
    cell: ({ row }) =>
      row.original.privileged ? <Badge tone="danger">Privileged</Badge> : <Badge>Standard</Badge>,
  },
  {
    id: "holders",
    header: "Holders",
    meta: { className: "text-right" },
    cell: ({ row }) => count(row.original.holders, row.original.holders.total),
  },
  {
    id: "humans",
    header: "Humans",
    meta: { className: "text-right" },
    cell: ({ row }) => count(row.original.holders, row.original.holders.HUMAN),
  },
  {
    id: "nhis",
    header: "NHIs",
    meta: { className: "text-right" },
    cell: ({ row }) => count(row.original.holders, row.original.holders.NHI),
  },
  {
    id: "agents",
    header: "Agents",
    meta: { className: "text-right" },
    cell: ({ row }) => count(row.original.holders, row.original.holders.AGENT),
  },
];

export function EntitlementsTable({ rows, total }: { rows: Row[]; total: number }) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      total={total}
      defaultSize={50}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/entitlements/${r.id}`}
      searchPlaceholder="Search entitlement or resource…"
      filters={[
        {
          id: "privileged",
          title: "Privileged",
          options: [
            { value: "true", label: "Privileged" },
            { value: "false", label: "Standard" },
          ],
        },
      ]}
      storageKey="entitlements"
      emptyState={
        <EmptyState
          icon={Shield}
          title="No entitlements yet"
          action={<ButtonLink href="/settings/import">Import grants</ButtonLink>}
        >
          Entitlements are created when you import a grants CSV.
        </EmptyState>
      }
    />
  );
}
