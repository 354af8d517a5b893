import { requirePageUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { forbidden, notFound } from "next/navigation";
import { getCampaignOverview } from "@/lib/campaigns/queries";
import { DEADLINE_LABELS, KIND_LABELS, OUTCOME_RULE_LABELS } from "@/lib/campaigns/schemas";
import { humanize } from "@/components/ui/badge";
import { formatDateTime } from "@/components/ui/time";
import { PrintButton } from "./print-button";

export const metadata = { title: "Campaign summary" };

const pct = (a: number, b: number) => (b ? `${Math.round((a / b) * 1000) / 10}%` : "0%");

/** The printable summary for auditors: what was reviewed, by whom, how, and how well. */
export default async function CampaignSummaryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser("dashboard:view");
  if (!can(user.roles, "campaigns:manage") && !can(user.roles, "audit:read")) forbidden();
  const { id } = await params;
  const o = (await getCampaignOverview(id)) ?? notFound();
  const c = o.campaign;
  const remediation = Object.fromEntries(o.remediation.map((r) => [r.state, r.n]));
  return (
    <article className="mx-auto max-w-3xl space-y-6 bg-white p-6 text-sm text-zinc-800 print:p-0">
      <header className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-xl font-semibold">{c.name}</h1>
          <p className="text-zinc-500">
            {KIND_LABELS[c.settings.kind]} · launched {formatDateTime(c.launchedAt)} · due{" "}
            {formatDateTime(c.dueAt)} · closed {formatDateTime(c.closedAt)} · {humanize(c.status)}
          </p>
        </div>
        <PrintButton />
      </header>
      <section>
        <h2 className="mb-2 font-semibold">Rules</h2>
        <ul className="list-disc pl-5">
          {c.settings.stages.map((s, i) => (
            <li key={i}>
              Stage {i + 1}: {OUTCOME_RULE_LABELS[s.rule]} ({humanize(s.reviewers)})
            </li>
          ))}
          <li>
            Undecided at the deadline: {DEADLINE_LABELS[c.settings.deadline.action]}
            {c.settings.deadline.graceDays ? `, grace ${c.settings.deadline.graceDays} days` : ""}
          </li>
        </ul>
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Outcome</h2>
        <table className="w-full">
          <tbody>
            <tr>
              <td>Items</td>
              <td className="text-right tabular-nums">{o.totals.total}</td>
            </tr>
            {o.byDecision.map((d) => (
              <tr key={d.decision}>
                <td>{humanize(d.decision)}</td>
                <td className="text-right tabular-nums">
                  {d.n} ({pct(d.n, o.totals.total)})
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Evidence quality</h2>
        <table className="w-full">
          <tbody>
            <tr>
              <td>Decisions under 2 s each in batches over 50 (rubber-stamp signal)</td>
              <td className="text-right tabular-nums" data-testid="fast-decisions">
                {o.totals.fast} ({pct(o.totals.fast, o.totals.decided)})
              </td>
            </tr>
            <tr>
              <td>Decided by the deadline rule, not a reviewer</td>
              <td className="text-right tabular-nums">{o.totals.auto}</td>
            </tr>
            <tr>
              <td>Escalated or delegated</td>
              <td className="text-right tabular-nums">{o.escalations.length}</td>
            </tr>
            <tr>
              <td>Reviewers</td>
              <td className="text-right tabular-nums">{o.perReviewer.length}</td>
            </tr>
            <tr>
              <td>Remediation applied / pending / unsupported / failed</td>
              <td className="text-right tabular-nums">
                {remediation.APPLIED ?? 0} / {remediation.PENDING ?? 0} / {remediation.UNSUPPORTED ?? 0} /{" "}
                {remediation.FAILED ?? 0}
              </td>
            </tr>
          </tbody>
        </table>
        {c.riskAcceptedReason ? (
          <p className="mt-2">Completed with accepted risk: “{c.riskAcceptedReason}”.</p>
        ) : null}
      </section>
      <section>
        <h2 className="mb-2 font-semibold">Reviewers</h2>
        <table className="w-full">
          <thead>
            <tr className="text-left text-zinc-500">
              <th>Reviewer</th>
              <th className="text-right">Decided</th>
              <th className="text-right">Median time per item</th>
            </tr>
          </thead>
          <tbody>
            {o.perReviewer.map((r) => (
              <tr key={r.reviewerId}>
                <td>{r.name}</td>
                <td className="text-right tabular-nums">
                  {r.decided} / {r.total}
                </td>
                <td className="text-right tabular-nums">
                  {r.medianMs === null ? "—" : `${(r.medianMs / 1000).toFixed(1)} s`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p className="text-xs text-zinc-500">
        Every decision is a ledger entry (action review.decided) with its reason and latency; the item-level
        evidence is in the report CSV.
      </p>
    </article>
  );
}
