"use client";

import type { ReactNode } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table";
import { Badge, KindBadge } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/time";
import type { DecisionListRow } from "@/lib/explorer/queries";

const columns: ColumnDef<DecisionListRow>[] = [
  {
    accessorKey: "at",
    header: "When (UTC)",
    cell: ({ row }) => (
      <span className="text-xs whitespace-nowrap text-zinc-600">{formatDateTime(row.original.at)}</span>
    ),
    enableHiding: false,
  },
  {
    accessorKey: "decision",
    header: "Decision",
    cell: ({ row }) => (
      <Badge
        tone={
          row.original.decision === "ALLOW"
            ? "success"
            : row.original.decision === "DENY"
              ? "danger"
              : "warning"
        }
      >
        {row.original.decision.toLowerCase()}
      </Badge>
    ),
  },
  {
    id: "subject",
    header: "Subject",
    cell: ({ row }) => (
      <div className="flex min-w-0 items-center gap-1.5">
        <KindBadge kind={row.original.subjectKind} />
        <span className="truncate text-sm">{row.original.subjectName ?? row.original.subjectRef}</span>
      </div>
    ),
  },
  {
    id: "obo",
    header: "On behalf of",
    cell: ({ row }) => (
      <span className="text-sm text-zinc-700">
        {row.original.onBehalfOfName ?? row.original.onBehalfOfId ?? "—"}
      </span>
    ),
  },
  {
    accessorKey: "action",
    header: "Action",
    cell: ({ row }) => <code className="text-xs">{row.original.action}</code>,
  },
  {
    id: "resource",
    header: "Resource",
    // Ids are long (UUIDs): a short form keeps rows one line high; the full id is in the title and the drawer.
    cell: ({ row }) => {
      const { resourceType, resourceId } = row.original;
      const short = resourceId.length > 14 ? `${resourceId.slice(0, 8)}…` : resourceId;
      return (
        <code className="text-xs whitespace-nowrap" title={`${resourceType}:${resourceId}`}>
          {`${resourceType}:${short}`}
        </code>
      );
    },
  },
  {
    accessorKey: "reason",
    header: "Reason",
    cell: ({ row }) => (
      <span className="line-clamp-2 max-w-xs text-xs text-zinc-600">{row.original.reason}</span>
    ),
  },
  {
    id: "policies",
    header: "Policies",
    cell: ({ row }) => <span className="font-mono text-xs">{row.original.policies.join(", ") || "—"}</span>,
    meta: { hiddenByDefault: true },
  },
  {
    accessorKey: "clientName",
    header: "API client",
    cell: ({ row }) => <span className="text-xs">{row.original.clientName}</span>,
  },
  {
    accessorKey: "policyVersion",
    header: "Version",
    cell: ({ row }) => (
      <code data-testid="decision-version" className="text-xs text-zinc-500">
        {row.original.policyVersion.slice(0, 12)}
      </code>
    ),
  },
];

export function DecisionsTable({
  rows,
  nextCursor,
  hrefOf,
  emptyState,
}: {
  rows: DecisionListRow[];
  nextCursor: string | null;
  hrefOf: Record<string, string>;
  emptyState: ReactNode;
}) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      hasMore={nextCursor !== null}
      nextCursor={nextCursor}
      getRowId={(r) => r.seq}
      getRowHref={(r) => hrefOf[r.seq]}
      searchPlaceholder={false}
      emptyState={emptyState}
      storageKey="decision-explorer"
    />
  );
}
