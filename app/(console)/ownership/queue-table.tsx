"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { Inbox, Lightbulb } from "lucide-react";
import { DataTable } from "@/components/data-table";
import { Badge, KindBadge, StatusBadge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { FormField } from "@/components/ui/form-field";
import { Textarea } from "@/components/ui/input";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionResult } from "@/lib/actions/result";
import type { ClaimOutcome } from "@/lib/ownership/claims";
import type { QueueRow } from "@/lib/ownership/queries";
import { ActionForm, errorOf } from "@/components/forms/action-form";

type ClaimAction = (form: FormData) => Promise<ActionResult<ClaimOutcome[]>>;
type ProposeAction = (form: FormData) => Promise<ActionResult<{ transferId: string; receiver: string }>>;

export function QueueTable({
  rows,
  total,
  capped,
  canClaim,
  claimAction,
  proposeAction,
}: {
  rows: QueueRow[];
  total: number;
  capped: boolean;
  canClaim: boolean;
  claimAction: ClaimAction;
  proposeAction?: ProposeAction;
}) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [open, setOpen] = useState(false);
  const [outcomes, setOutcomes] = useState<ClaimOutcome[] | null>(null);
  const claimable = (r: QueueRow) => r.claimStatus !== "CLAIM_PENDING";
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const columns = useMemo<ColumnDef<QueueRow>[]>(
    () => [
      ...(canClaim
        ? [
            {
              id: "select",
              header: () => (
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  className="size-4 accent-indigo-600"
                  checked={
                    rows.filter(claimable).length > 0 &&
                    rows.filter(claimable).every((r) => selected.has(r.id))
                  }
                  onChange={(e) =>
                    setSelected(
                      e.target.checked ? new Set(rows.filter(claimable).map((r) => r.id)) : new Set(),
                    )
                  }
                />
              ),
              cell: ({ row }) => (
                <input
                  type="checkbox"
                  aria-label={`Select ${row.original.displayName}`}
                  className="size-4 accent-indigo-600"
                  disabled={!claimable(row.original)}
                  checked={selected.has(row.original.id)}
                  onChange={() => toggle(row.original.id)}
                />
              ),
              enableHiding: false,
              meta: { className: "w-8" },
            } satisfies ColumnDef<QueueRow>,
          ]
        : []),
      {
        accessorKey: "displayName",
        header: "Identity",
        enableSorting: true,
        enableHiding: false,
        cell: ({ row }) => (
          <div className="min-w-0">
            <Link
              href={`/ownership/retire/${row.original.id}`}
              className="font-medium text-zinc-900 hover:text-indigo-700 hover:underline"
            >
              {row.original.displayName}
            </Link>
            <div className="text-xs text-zinc-500">
              {row.original.kind === "NHI"
                ? `${row.original.nhiType?.replaceAll("_", " ").toLowerCase()} · ${row.original.platform}${row.original.platformAccount ? ` / ${row.original.platformAccount}` : ""}`
                : "agent"}
            </div>
          </div>
        ),
      },
      { id: "kind", header: "Kind", cell: ({ row }) => <KindBadge kind={row.original.kind} /> },
      {
        id: "claimStatus",
        header: "State",
        cell: ({ row }) =>
          row.original.claimStatus === "NO_SPONSOR" ? (
            <Badge tone="danger">No sponsor</Badge>
          ) : (
            <div className="flex flex-col gap-0.5">
              <StatusBadge status={row.original.claimStatus} />
              {row.original.pendingClaimant ? (
                <span className="text-xs text-zinc-500">claimed by {row.original.pendingClaimant}</span>
              ) : null}
            </div>
          ),
      },
      {
        id: "riskScore",
        accessorKey: "riskScore",
        header: "Risk",
        enableSorting: true,
        meta: { className: "text-right w-16" },
        cell: ({ row }) => (
          <span
            className={
              row.original.riskScore >= 70
                ? "font-semibold text-red-700"
                : row.original.riskScore >= 40
                  ? "text-amber-700"
                  : "text-zinc-700"
            }
          >
            {row.original.riskScore}
          </span>
        ),
      },
      {
        id: "suggestion",
        header: "Suggested owner",
        cell: ({ row }) => {
          const r = row.original;
          if (r.pendingOwner)
            return (
              <span className="text-sm">
                {r.pendingOwner.name} <span className="text-xs text-zinc-500">(pending: succession)</span>
              </span>
            );
          if (!r.suggestion) return <span className="text-xs text-zinc-500">no evidence</span>;
          return (
            <div className="flex items-start gap-1.5 text-sm">
              <Lightbulb className="mt-0.5 size-3.5 shrink-0 text-amber-500" aria-hidden />
              <div>
                <span className={r.suggestion.isViewer ? "font-medium text-indigo-700" : ""}>
                  {r.suggestion.isViewer ? "You" : r.suggestion.name}
                </span>
                <div className="text-xs text-zinc-500">{r.suggestion.reason}</div>
                {proposeAction && !r.suggestion.isViewer && r.kind === "NHI" ? (
                  <ActionForm
                    action={proposeAction}
                    success={`Asked ${r.suggestion.name} to accept ownership`}
                    className="mt-1"
                  >
                    {() => (
                      <>
                        <input type="hidden" name="actorId" value={r.id} />
                        <input type="hidden" name="personId" value={r.suggestion!.personId} />
                        <input type="hidden" name="evidence" value={r.suggestion!.reason} />
                        <SubmitButton size="sm" variant="link" className="h-auto p-0 text-xs">
                          Ask them to own it
                        </SubmitButton>
                      </>
                    )}
                  </ActionForm>
                ) : null}
              </div>
            </div>
          );
        },
      },
      {
        id: "createdAt",
        accessorKey: "createdAt",
        header: "Discovered",
        enableSorting: true,
        meta: { hiddenByDefault: true },
        cell: ({ row }) => new Date(row.original.createdAt).toISOString().slice(0, 10),
      },
    ],
    [rows, selected, canClaim, proposeAction],
  );

  const chosen = rows.filter((r) => selected.has(r.id));
  return (
    <>
      <DataTable
        columns={columns}
        rows={rows}
        total={total}
        totalIsEstimate={capped}
        defaultSize={25}
        pageSizes={[25, 50, 100]}
        getRowId={(r) => r.id}
        searchPlaceholder="Search name or external id…"
        filters={[
          {
            id: "status",
            title: "State",
            options: [
              { value: "UNCLAIMED", label: "Unclaimed" },
              { value: "ORPHANED", label: "Orphaned" },
              { value: "CLAIM_PENDING", label: "Claim pending" },
              { value: "NO_SPONSOR", label: "Agent without sponsor" },
            ],
          },
          {
            id: "kind",
            title: "Kind",
            options: [
              { value: "NHI", label: "NHI" },
              { value: "AGENT", label: "Agent" },
            ],
          },
        ]}
        actions={
          canClaim ? (
            <Button
              size="sm"
              disabled={selected.size === 0}
              onClick={() => setOpen(true)}
              data-testid="claim-selected"
            >
              Claim selected{selected.size ? ` (${selected.size})` : ""}
            </Button>
          ) : null
        }
        emptyState={
          <EmptyState icon={Inbox} title="Nothing waits for an owner">
            Every NHI has an accountable owner and every agent a sponsor. New discoveries from imports and
            connectors show up here.
          </EmptyState>
        }
        storageKey="ownership-queue"
      />
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) setOutcomes(null);
        }}
        title={
          outcomes ? "Claim submitted" : `Claim ${chosen.length} identit${chosen.length === 1 ? "y" : "ies"}`
        }
        description={
          outcomes
            ? undefined
            : "You become the accountable owner. Claims are approved at once when your team already owns the same platform account; otherwise a security admin decides."
        }
      >
        {(close) =>
          outcomes ? (
            <div className="space-y-3">
              <ul className="space-y-2 text-sm" data-testid="claim-outcomes">
                {outcomes.map((o) => (
                  <li key={o.claimId} className="flex items-start gap-2">
                    <StatusBadge status={o.status} />
                    <div>
                      <div className="font-medium">{o.name}</div>
                      <div className="text-xs text-zinc-500">{o.reason}</div>
                    </div>
                  </li>
                ))}
              </ul>
              <div className="flex justify-end">
                <Button onClick={close}>Done</Button>
              </div>
            </div>
          ) : (
            <ActionForm
              action={claimAction}
              onSuccess={(data) => {
                setOutcomes(data);
                setSelected(new Set());
              }}
              className="space-y-4"
            >
              {({ fieldErrors }) => (
                <>
                  {chosen.map((r) => (
                    <input key={r.id} type="hidden" name="actorIds" value={r.id} />
                  ))}
                  <ul className="max-h-32 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm">
                    {chosen.map((r) => (
                      <li key={r.id}>{r.displayName}</li>
                    ))}
                  </ul>
                  <FormField
                    label="Justification"
                    htmlFor="justification"
                    error={errorOf(fieldErrors, "justification") ?? errorOf(fieldErrors, "actorIds")}
                    hint="Why you are accountable for these: the service, the team, the ticket."
                    required
                  >
                    <Textarea
                      id="justification"
                      name="justification"
                      rows={3}
                      aria-invalid={Boolean(errorOf(fieldErrors, "justification"))}
                      aria-describedby="justification-error"
                    />
                  </FormField>
                  <div className="flex justify-end gap-2">
                    <Button variant="outline" onClick={close}>
                      Cancel
                    </Button>
                    <SubmitButton pendingText="Claiming…">Claim</SubmitButton>
                  </div>
                </>
              )}
            </ActionForm>
          )
        }
      </Dialog>
    </>
  );
}
