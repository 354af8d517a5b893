"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Shield } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

type Row = {
  id: string;
  name: string;
  privileged: boolean;
  resource: { id: string; name: string; kind: string };
  humans: number;
  nhis: number;
  agents: number;
  holders: number;
};

const num = (n: number) => <span className="tabular-nums">{n.toLocaleString("en-US")}</span>;
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
    accessorKey: "holders",
    header: "Holders",
    meta: { className: "text-right" },
    cell: ({ row }) => num(row.original.holders),
  },
  {
    accessorKey: "humans",
    header: "Humans",
    meta: { className: "text-right" },
    cell: ({ row }) => num(row.original.humans),
  },
  {
    accessorKey: "nhis",
    header: "NHIs",
    meta: { className: "text-right" },
    cell: ({ row }) => num(row.original.nhis),
  },
  {
    accessorKey: "agents",
    header: "Agents",
    meta: { className: "text-right" },
    cell: ({ row }) => num(row.original.agents),
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
