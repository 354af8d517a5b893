import type { Preview } from "@/lib/campaigns/generate";
import { GUARD_TEXT } from "@/lib/campaigns/schemas";
import { Alert } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

const n = (v: number) => v.toLocaleString("en-US");

/** The launch simulation: items, reviewers, rerouted self-reviews, items without a reviewer, the deadline's effect, guards. */
export function PreviewPanel({ preview }: { preview: Preview | null }) {
  if (!preview) return null;
  return (
    <Card data-testid="campaign-preview">
      <CardHeader>
        <CardTitle>Simulation</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1">
          <dt className="text-zinc-500">Items</dt>
          <dd className="text-right font-medium tabular-nums">{n(preview.items)}</dd>
          <dt className="text-zinc-500">Reviewers</dt>
          <dd className="text-right font-medium tabular-nums">{n(preview.reviewers)}</dd>
          <dt className="text-zinc-500">Self-reviews rerouted</dt>
          <dd className="text-right tabular-nums">{n(preview.selfReviewsRerouted)}</dd>
          <dt className="text-zinc-500">No reviewer found</dt>
          <dd className="text-right tabular-nums">{n(preview.noReviewer)}</dd>
        </dl>
        {preview.items === 0 ? (
          <Alert tone="warning">Nothing is in scope: a campaign needs at least one item.</Alert>
        ) : null}
        {preview.noReviewerSamples.length ? (
          <div>
            <p className="mb-1 text-xs font-medium text-zinc-600">Sent to another reviewer</p>
            <ul className="max-h-40 space-y-0.5 overflow-auto text-xs text-zinc-600">
              {preview.noReviewerSamples.map((x, i) => (
                <li key={i}>
                  {x.actorName}
                  {x.entitlement ? ` · ${x.entitlement}` : ""} → {x.sentTo ?? "nobody"}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {preview.unassignable ? (
          <Alert tone="danger">
            {n(preview.unassignable)} items would have nobody to review them. Set an additional reviewer.
          </Alert>
        ) : null}
        <p>
          <span className="text-zinc-500">If nobody answers:</span> {preview.deadlineEffect}.
        </p>
        {preview.guards.length ? (
          <Alert tone="danger" title="Launch blocked by guards">
            <ul className="mt-1 space-y-0.5">
              {preview.guards.slice(0, 10).map((g, i) => (
                <li key={i}>
                  {g.actorName}: {GUARD_TEXT[g.guard]} ({g.detail})
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </CardContent>
    </Card>
  );
}
