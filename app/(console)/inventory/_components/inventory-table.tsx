"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { Download, Upload } from "lucide-react";
import { DataTable } from "@/components/data-table";
import type { FacetFilter } from "@/components/data-table/types";
import { Badge, KindBadge, StatusBadge, humanize } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import type { InventoryRow } from "@/lib/inventory/list";
import type { InventoryView } from "@/lib/inventory/schemas";
import { bandOf, type RiskBand } from "@/lib/risk/score";

const RISK_TONE: Record<RiskBand, "success" | "info" | "warning" | "danger"> = {
  LOW: "success",
  MEDIUM: "info",
  HIGH: "warning",
  CRITICAL: "danger",
};

export function RiskBadge({ score }: { score: number }) {
  const band = bandOf(score);
  return (
    <Badge tone={RISK_TONE[band]} title={`Risk score ${score}`}>
      {humanize(band)} · {score}
    </Badge>
  );
}

const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "—");
const overdue = (d: Date | string | null) => (d ? new Date(d).getTime() < Date.now() : false);
const link = (id: string | null, name: string | null) =>
  id && name ? (
    <Link href={`/actors/${id}`} className="text-indigo-700 hover:underline">
      {name}
    </Link>
  ) : (
    <span className="text-zinc-500">—</span>
  );
const opts = (values: string[]) => values.map((v) => ({ value: v, label: humanize(v) }));

const name: ColumnDef<InventoryRow> = {
  accessorKey: "displayName",
  header: "Name",
  enableSorting: true,
  enableHiding: false,
  cell: ({ row }) => (
    <div className="min-w-0">
      <div className="truncate font-medium text-zinc-900">{row.original.displayName}</div>
      <div className="truncate text-xs text-zinc-500">{row.original.externalId}</div>
    </div>
  ),
};
const risk: ColumnDef<InventoryRow> = {
  accessorKey: "riskScore",
  header: "Risk",
  enableSorting: true,
  cell: ({ row }) => <RiskBadge score={row.original.riskScore} />,
};
const status: ColumnDef<InventoryRow> = {
  accessorKey: "status",
  header: "Status",
  enableSorting: true,
  cell: ({ row }) => <StatusBadge status={row.original.status} />,
};
const env: ColumnDef<InventoryRow> = {
  accessorKey: "environment",
  header: "Environment",
  enableSorting: true,
  meta: { hiddenByDefault: true },
  cell: ({ row }) => humanize(row.original.environment),
};
const team: ColumnDef<InventoryRow> = {
  accessorKey: "teamName",
  header: "Team",
  cell: ({ row }) => row.original.teamName ?? <span className="text-zinc-500">—</span>,
};
const flag: ColumnDef<InventoryRow> = {
  id: "flag",
  header: "Flag",
  meta: { label: "Leaver flag" },
  cell: ({ row }) =>
    row.original.flaggedAt ? (
      <Badge tone="danger" title={row.original.flaggedAt ? String(row.original.flaggedAt) : ""}>
        Leaver
      </Badge>
    ) : null,
};

const COLUMNS: Record<InventoryView, ColumnDef<InventoryRow>[]> = {
  all: [
    name,
    {
      accessorKey: "kind",
      header: "Kind",
      enableSorting: true,
      cell: ({ row }) => <KindBadge kind={row.original.kind} />,
    },
    status,
    risk,
    {
      id: "accountable",
      header: "Owner / sponsor / manager",
      cell: ({ row }) =>
        link(
          row.original.ownerId ?? row.original.sponsorId ?? row.original.managerId,
          row.original.ownerName ?? row.original.sponsorName ?? row.original.managerName,
        ),
    },
    team,
    env,
    { accessorKey: "sourceSystem", header: "Source", meta: { hiddenByDefault: true } },
    {
      accessorKey: "createdAt",
      header: "Added",
      enableSorting: true,
      cell: ({ row }) => day(row.original.createdAt),
    },
    flag,
  ],
  humans: [
    name,
    { accessorKey: "email", header: "Email", enableSorting: true },
    { accessorKey: "department", header: "Department", enableSorting: true },
    {
      id: "manager",
      header: "Manager",
      cell: ({ row }) => link(row.original.managerId, row.original.managerName),
    },
    {
      accessorKey: "mfaEnrolled",
      header: "MFA",
      cell: ({ row }) =>
        row.original.mfaEnrolled ? (
          <Badge tone="success">Enrolled</Badge>
        ) : (
          <Badge tone="warning">None</Badge>
        ),
    },
    {
      accessorKey: "employmentStatus",
      header: "Employment",
      cell: ({ row }) => humanize(row.original.employmentStatus ?? ""),
    },
    status,
    risk,
    {
      accessorKey: "lastCertifiedAt",
      header: "Last certified",
      enableSorting: true,
      cell: ({ row }) => day(row.original.lastCertifiedAt),
    },
    team,
    env,
    flag,
  ],
  nhis: [
    name,
    {
      accessorKey: "nhiType",
      header: "Type",
      enableSorting: true,
      cell: ({ row }) => humanize(row.original.nhiType ?? ""),
    },
    { accessorKey: "platform", header: "Platform", enableSorting: true },
    { id: "owner", header: "Owner", cell: ({ row }) => link(row.original.ownerId, row.original.ownerName) },
    { ...team, meta: { hiddenByDefault: true } },
    {
      accessorKey: "claimStatus",
      header: "Claim",
      enableSorting: true,
      cell: ({ row }) => <StatusBadge status={row.original.claimStatus ?? ""} />,
    },
    risk,
    {
      accessorKey: "lastRotatedAt",
      header: "Last rotated",
      enableSorting: true,
      meta: { hiddenByDefault: true },
      cell: ({ row }) => day(row.original.lastRotatedAt),
    },
    {
      accessorKey: "rotationDueAt",
      header: "Rotation due",
      enableSorting: true,
      cell: ({ row }) =>
        overdue(row.original.rotationDueAt) ? (
          <Badge tone="danger">Overdue {day(row.original.rotationDueAt)}</Badge>
        ) : (
          day(row.original.rotationDueAt)
        ),
    },
    {
      accessorKey: "expiresAt",
      header: "Expires",
      enableSorting: true,
      meta: { hiddenByDefault: true },
      cell: ({ row }) => day(row.original.expiresAt),
    },
    {
      accessorKey: "lastUsedAt",
      header: "Last used",
      enableSorting: true,
      cell: ({ row }) => day(row.original.lastUsedAt),
    },
    {
      accessorKey: "vendor",
      header: "Vendor",
      enableSorting: true,
      meta: { hiddenByDefault: true, label: "Third-party vendor" },
    },
    {
      id: "oauthScopes",
      header: "Scopes",
      meta: { hiddenByDefault: true },
      cell: ({ row }) => <span className="text-xs">{(row.original.oauthScopes ?? []).join(" ") || "—"}</span>,
    },
    { ...status, meta: { hiddenByDefault: true } },
    env,
    flag,
  ],
  agents: [
    name,
    {
      id: "model",
      header: "Model / provider",
      cell: ({ row }) => `${row.original.model ?? ""} · ${row.original.provider ?? ""}`,
    },
    { accessorKey: "runtime", header: "Runtime" },
    {
      id: "sponsor",
      header: "Sponsor",
      cell: ({ row }) => link(row.original.sponsorId, row.original.sponsorName),
    },
    {
      accessorKey: "autonomyLevel",
      header: "Autonomy",
      enableSorting: true,
      cell: ({ row }) => (
        <Badge tone={row.original.autonomyLevel === "BOUNDED_AUTONOMY" ? "warning" : "neutral"}>
          {humanize(row.original.autonomyLevel ?? "")}
        </Badge>
      ),
    },
    { accessorKey: "toolCount", header: "Tools", meta: { className: "text-right" } },
    risk,
    {
      accessorKey: "lastActiveAt",
      header: "Last active",
      enableSorting: true,
      cell: ({ row }) => day(row.original.lastActiveAt),
    },
    { ...team, meta: { hiddenByDefault: true } },
    status,
    env,
    flag,
  ],
};

const STATUS = ["ACTIVE", "SUSPENDED", "OFFBOARDING", "RETIRED"];
const ENVS = ["PRODUCTION", "STAGING", "DEVELOPMENT", "SANDBOX"];
const RISK = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

function facets(view: InventoryView, platforms: string[]): FacetFilter[] {
  const common: FacetFilter[] = [
    { id: "status", title: "Status", options: opts(STATUS) },
    { id: "env", title: "Environment", options: opts(ENVS) },
    { id: "risk", title: "Risk", options: opts(RISK) },
  ];
  if (view === "all")
    return [
      {
        id: "kind",
        title: "Kind",
        options: [
          { value: "HUMAN", label: "Human" },
          { value: "NHI", label: "NHI" },
          { value: "AGENT", label: "Agent" },
        ],
      },
      ...common,
      { id: "noOwner", title: "No owner", options: [{ value: "1", label: "No owner or sponsor" }] },
      { id: "flagged", title: "Leaver", options: [{ value: "1", label: "Flagged leaver" }] },
    ];
  if (view === "nhis")
    return [
      { id: "platform", title: "Platform", options: platforms.map((p) => ({ value: p, label: p })) },
      { id: "claim", title: "Claim", options: opts(["UNCLAIMED", "CLAIM_PENDING", "OWNED", "ORPHANED"]) },
      {
        id: "nhiType",
        title: "Type",
        options: opts([
          "SERVICE_ACCOUNT",
          "API_KEY",
          "OAUTH_APP",
          "CICD_TOKEN",
          "WORKLOAD_IDENTITY",
          "BOT",
          "SSH_KEY",
          "CERTIFICATE",
        ]),
      },
      ...common,
      { id: "noOwner", title: "No owner", options: [{ value: "1", label: "No owner" }] },
      { id: "overdue", title: "Rotation", options: [{ value: "1", label: "Rotation overdue" }] },
      { id: "flagged", title: "Leaver", options: [{ value: "1", label: "Owner leaving" }] },
    ];
  if (view === "agents")
    return [
      {
        id: "autonomy",
        title: "Autonomy",
        options: opts(["SUGGEST_ONLY", "ACT_WITH_APPROVAL", "BOUNDED_AUTONOMY"]),
      },
      ...common,
      { id: "noOwner", title: "No sponsor", options: [{ value: "1", label: "No sponsor" }] },
      { id: "flagged", title: "Leaver", options: [{ value: "1", label: "Sponsor leaving" }] },
    ];
  return [...common, { id: "flagged", title: "Leaver", options: [{ value: "1", label: "Leaving" }] }];
}

export function InventoryTable(props: {
  view: InventoryView;
  rows: InventoryRow[];
  total: number;
  totalKind: "exact" | "capped" | "estimate";
  keyset: boolean;
  nextCursor: string | null;
  platforms: string[];
  exportHref: string | null;
  importHref: string | null;
}) {
  const { view, rows, total, totalKind, keyset, nextCursor, platforms, exportHref, importHref } = props;
  return (
    <DataTable
      columns={COLUMNS[view]}
      rows={rows}
      total={keyset ? (totalKind === "capped" ? null : total) : total}
      totalIsEstimate={totalKind !== "exact"}
      hasMore={keyset ? rows.length > 0 && nextCursor !== null : undefined}
      nextCursor={keyset ? nextCursor : undefined}
      defaultSize={50}
      getRowId={(r) => r.id}
      getRowHref={(r) => `/actors/${r.id}`}
      searchPlaceholder={
        view === "nhis" || view === "agents"
          ? "Search name or external id…"
          : "Search name, external id or email…"
      }
      filters={facets(view, platforms)}
      storageKey={`inventory-${view}`}
      actions={
        <>
          {exportHref ? (
            <a
              href={exportHref}
              className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 bg-white px-3 text-xs font-medium text-zinc-800 shadow-sm hover:bg-zinc-50"
              download
            >
              <Download className="size-3.5" aria-hidden /> Export CSV
            </a>
          ) : null}
          {importHref ? (
            <ButtonLink href={importHref} size="sm" variant="outline">
              <Upload aria-hidden /> Import
            </ButtonLink>
          ) : null}
        </>
      }
      emptyState={
        <EmptyState
          title="Nothing in the inventory yet"
          action={importHref ? <ButtonLink href={importHref}>Import a CSV</ButtonLink> : undefined}
        >
          Import people, NHIs and agents from CSV (samples are in <code>samples/</code>), an AWS credential
          report, or connect your IdP over SCIM in Settings.
        </EmptyState>
      }
    />
  );
}
