"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { ScrollText } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/components/ui/time";
import type { LedgerRow } from "@/lib/audit/queries";
import { LEDGER_ACTOR_KINDS, LEDGER_AREAS, areaLabel } from "@/lib/audit/areas";

const tone = (action: string) =>
  /denied|refused|failed|locked|revoked|rejected|broken/.test(action)
    ? "danger"
    : action.startsWith("decision.")
      ? "info"
      : action.startsWith("auth.")
        ? "neutral"
        : "accent";

const columns: ColumnDef<LedgerRow>[] = [
  {
    accessorKey: "seq",
    header: "#",
    cell: ({ row }) => <span className="font-mono text-xs text-zinc-500">{row.original.seq}</span>,
    enableHiding: false,
  },
  {
    accessorKey: "at",
    header: "When (UTC)",
    cell: ({ row }) => <span className="whitespace-nowrap">{formatDateTime(row.original.at)}</span>,
  },
  {
    accessorKey: "actor",
    header: "Who",
    cell: ({ row }) => (
      <div className="min-w-0">
        <div className="truncate font-medium text-zinc-900">
          {row.original.actorName ?? row.original.actor}
        </div>
        <div className="text-xs text-zinc-500">{row.original.actorKind}</div>
      </div>
    ),
  },
  {
    accessorKey: "action",
    header: "Action",
    cell: ({ row }) => <Badge tone={tone(row.original.action)}>{row.original.action}</Badge>,
  },
  {
    accessorKey: "target",
    header: "Target",
    cell: ({ row }) => (
      <span className="font-mono text-xs break-all text-zinc-700">{row.original.target ?? "—"}</span>
    ),
  },
  {
    accessorKey: "details",
    header: "Details",
    cell: ({ row }) => (
      <code className="line-clamp-2 max-w-md font-mono text-xs break-all text-zinc-600">
        {JSON.stringify(row.original.details)}
      </code>
    ),
  },
  {
    accessorKey: "hash",
    header: "Hash",
    cell: ({ row }) => (
      <code className="font-mono text-xs text-zinc-500">{row.original.hash.slice(0, 12)}…</code>
    ),
    meta: { hiddenByDefault: true },
  },
];

export function LedgerTable({
  rows,
  nextCursor,
  size,
}: {
  rows: LedgerRow[];
  nextCursor: string | null;
  size: number;
}) {
  return (
    <DataTable
      columns={columns}
      rows={rows}
      hasMore={nextCursor !== null}
      nextCursor={nextCursor}
      defaultSize={size}
      getRowId={(r) => r.seq}
      searchPlaceholder="Exact target, actor id, action or actor name…"
      filters={[
        { id: "area", title: "Area", options: LEDGER_AREAS.map((a) => ({ value: a, label: areaLabel(a) })) },
        {
          id: "actorKind",
          title: "Actor kind",
          options: LEDGER_ACTOR_KINDS.map((k) => ({ value: k, label: k })),
        },
      ]}
      emptyState={
        <EmptyState icon={ScrollText} title="The ledger is empty">
          Every sign-in, change and decision will appear here as it happens.
        </EmptyState>
      }
      storageKey="audit-ledger"
    />
  );
}
