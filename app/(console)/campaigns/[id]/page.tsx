import Link from "next/link";
import { Download, Printer } from "lucide-react";
import { forbidden, notFound } from "next/navigation";
import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getCampaignOverview, listRemediation } from "@/lib/campaigns/queries";
import { KIND_LABELS, DEADLINE_LABELS, OUTCOME_RULE_LABELS } from "@/lib/campaigns/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { StatTile } from "@/components/ui/stat-tile";
import { StatusBadge, humanize } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/components/ui/time";
import { Alert } from "@/components/ui/alert";
import { CompletionChart } from "@/components/charts/completion-chart";
import { HorizontalBarChart } from "@/components/charts/bar-chart";
import { CampaignActions } from "./campaign-actions";
import { ConfirmRemediation } from "./confirm-remediation";

export const metadata = { title: "Campaign" };

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0);

export default async function CampaignPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("dashboard:view");
  const admin = can(user.roles, "campaigns:manage");
  if (!admin && !can(user.roles, "audit:read")) forbidden();
  const { id } = await params;
  const o = (await getCampaignOverview(id)) ?? notFound();
  const remediation = await listRemediation(id);
  const c = o.campaign;
  const closed = Boolean(c.closedAt);
  const status = closed && c.status === "ACTIVE" ? "CLOSED" : c.status;
  return (
    <>
      <PageHeader
        title={c.name}
        description={`${KIND_LABELS[c.settings.kind]} · due ${formatDateTime(c.dueAt)} · ${c.settings.stages.map((s, i) => `stage ${i + 1}: ${OUTCOME_RULE_LABELS[s.rule].toLowerCase()}`).join(", ")} · at the deadline: ${DEADLINE_LABELS[c.settings.deadline.action].toLowerCase()}`}
        actions={
          <>
            <StatusBadge status={status} tone={status === "CLOSED" ? "warning" : undefined} />
            <a
              href={`/campaigns/${id}/report`}
              className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50"
            >
              <Download className="size-4" aria-hidden /> Report CSV
            </a>
            <Link
              href={`/campaigns/${id}/summary`}
              className="inline-flex h-8 items-center gap-1.5 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50"
            >
              <Printer className="size-4" aria-hidden /> Summary
            </Link>
            {admin ? (
              <CampaignActions campaignId={id} closed={closed} completed={c.status === "COMPLETED"} />
            ) : null}
          </>
        }
      />
      {c.riskAcceptedReason ? (
        <Alert tone="warning" title="Completed with accepted risk" className="mb-4">
          {c.riskAcceptedReason}
        </Alert>
      ) : null}
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatTile label="Items" value={o.totals.total.toLocaleString("en-US")} />
        <StatTile
          label="Decided"
          value={`${pct(o.totals.decided, o.totals.total)}%`}
          hint={`${o.totals.decided.toLocaleString("en-US")} decisions`}
          tone="accent"
        />
        <StatTile label="Decided by the deadline rule" value={o.totals.auto.toLocaleString("en-US")} />
        <StatTile
          label="Rubber-stamp signal"
          value={o.totals.fast.toLocaleString("en-US")}
          hint="under 2 s each in batches over 50"
          tone={o.totals.fast ? "warning" : "neutral"}
        />
      </div>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Completion over time</CardTitle>
          </CardHeader>
          <CardContent>
            <CompletionChart data={o.completion} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Decisions by type</CardTitle>
          </CardHeader>
          <CardContent>
            <HorizontalBarChart
              data={o.byDecision.map((d) => ({ label: humanize(d.decision), value: d.n }))}
              valueName="Items"
            />
          </CardContent>
        </Card>
      </div>
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Progress per reviewer</CardTitle>
            <CardDescription>
              Most undecided first{o.overdue.length ? `; ${o.overdue.length} overdue` : ""}.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Reviewer</TableHead>
                  <TableHead className="text-right">Decided</TableHead>
                  <TableHead className="text-right">Median per item</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {o.perReviewer.map((r) => (
                  <TableRow key={r.reviewerId} data-testid={`reviewer-${r.name}`}>
                    <TableCell>
                      {r.name}
                      {o.overdue.some((x) => x.reviewerId === r.reviewerId) ? (
                        <StatusBadge status="OVERDUE" tone="danger" className="ml-2" />
                      ) : null}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {r.decided} / {r.total}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {r.medianMs === null ? "—" : `${(r.medianMs / 1000).toFixed(1)} s`}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Escalations and delegations</CardTitle>
          </CardHeader>
          <CardContent>
            {o.escalations.length === 0 ? (
              <p className="text-sm text-zinc-500">None.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {o.escalations.map((e) => (
                  <li key={e.id}>
                    {e.actor.displayName} → {e.reviewer?.displayName ?? "—"}{" "}
                    <span className="text-zinc-500">
                      ({humanize(e.assignedBy)}, {e.decision ? humanize(e.decision) : "open"})
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Remediation</CardTitle>
          <CardDescription>
            Grants end in Triad at once; access held in the target system is confirmed by the resource owner.
            The campaign cannot complete while any is unsupported or failed unless an admin accepts the risk.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {remediation.length === 0 ? (
            <p className="text-sm text-zinc-500">Nothing waiting.</p>
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Access</TableHead>
                  <TableHead>Owner</TableHead>
                  <TableHead>State</TableHead>
                  <TableHead className="text-right">Confirm</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {remediation.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      {r.actor.displayName}
                      {r.grant ? ` · ${r.grant.entitlement.resource.name} ${r.grant.entitlement.name}` : ""}
                    </TableCell>
                    <TableCell>{r.grant?.entitlement.resource.owner?.displayName ?? "no owner"}</TableCell>
                    <TableCell>
                      <StatusBadge status={r.remediation ?? ""} />
                    </TableCell>
                    <TableCell className="text-right">
                      {admin && c.status === "ACTIVE" ? <ConfirmRemediation itemId={r.id} /> : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          <p className="mt-3 text-xs text-zinc-500">
            {o.remediation.map((r) => `${humanize(r.state)}: ${r.n}`).join(" · ")}
          </p>
        </CardContent>
      </Card>
    </>
  );
}
