"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { Inbox } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge, KindBadge, StatusBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";

export type RequestRow = {
  id: string;
  status: string;
  createdAt: Date;
  durationMinutes: number | null;
  breakGlass: boolean;
  entitlement: { name: string; privileged: boolean; resource: { name: string } };
  subject: { id: string; displayName: string; kind: string };
  requester: { id: string; displayName: string };
  role?: string;
  stage?: number;
  deadlineAt?: Date | null;
};

const hours = (m: number | null) =>
  m === null ? "—" : m % 1440 === 0 ? `${m / 1440} d` : m % 60 === 0 ? `${m / 60} h` : `${m} min`;

const base: ColumnDef<RequestRow>[] = [
  {
    id: "entitlement",
    header: "Entitlement",
    enableHiding: false,
    cell: ({ row }) => (
      <span className="flex flex-wrap items-center gap-1.5">
        <span className="font-medium">{row.original.entitlement.name}</span>
        <span className="text-zinc-500">on {row.original.entitlement.resource.name}</span>
        {row.original.entitlement.privileged ? <Badge tone="danger">Privileged</Badge> : null}
        {row.original.breakGlass ? <Badge tone="warning">Break-glass</Badge> : null}
      </span>
    ),
  },
  {
    id: "subject",
    header: "For",
    cell: ({ row }) => (
      <span className="flex items-center gap-1.5">
        <KindBadge kind={row.original.subject.kind} />
        {row.original.subject.displayName}
      </span>
    ),
  },
  {
    id: "duration",
    header: "Duration",
    cell: ({ row }) => <span className="tabular-nums">{hours(row.original.durationMinutes)}</span>,
  },
  { id: "status", header: "Status", cell: ({ row }) => <StatusBadge status={row.original.status} /> },
  { id: "createdAt", header: "Asked", cell: ({ row }) => formatDateTime(row.original.createdAt) },
];

const approveColumns: ColumnDef<RequestRow>[] = [
  base[0],
  { id: "requester", header: "Requested by", cell: ({ row }) => row.original.requester.displayName },
  base[1],
  base[2],
  {
    id: "role",
    header: "As",
    cell: ({ row }) => (
      <Badge tone="info">
        {(row.original.role ?? "").replace("_", " ").toLowerCase()}
        {row.original.stage ? ` · stage ${row.original.stage}` : ""}
      </Badge>
    ),
  },
  {
    id: "deadline",
    header: "Decide by",
    cell: ({ row }) => (row.original.deadlineAt ? formatDateTime(row.original.deadlineAt) : "—"),
  },
];

export function RequestsTable({
  rows,
  total,
  mode,
}: {
  rows: RequestRow[];
  total: number;
  mode: "mine" | "approve";
}) {
  return (
    <DataTable
      columns={mode === "approve" ? approveColumns : base}
      rows={rows}
      total={total}
      defaultSize={25}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/requests/${r.id}`}
      filters={
        mode === "mine"
          ? [
              {
                id: "status",
                title: "Status",
                options: ["PENDING", "FULFILLED", "DENIED", "EXPIRED", "CANCELLED"].map((s) => ({
                  value: s,
                  label: s[0] + s.slice(1).toLowerCase(),
                })),
              },
            ]
          : []
      }
      searchPlaceholder={false}
      storageKey={`requests-${mode}`}
      emptyState={
        mode === "approve" ? (
          <EmptyState icon={Inbox} title="Nothing to approve">
            Requests routed to you appear here, with the stage and your role in it.
          </EmptyState>
        ) : (
          <EmptyState
            icon={Inbox}
            title="You have not requested anything yet"
            action={<ButtonLink href="/requests/new">Request access</ButtonLink>}
          >
            Ask for an entitlement for yourself, an NHI you own or an agent you sponsor.
          </EmptyState>
        )
      }
    />
  );
}
