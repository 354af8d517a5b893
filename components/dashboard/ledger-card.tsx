import Link from "next/link";
import { ScrollText } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Badge } from "@/components/ui/badge";
import { TimeAgo } from "@/components/ui/time";
import { formatCount } from "@/components/charts/format";
import type { LedgerSummary } from "@/lib/dashboard/queries";

/** Latest ledger entries: what happened, who did it, when. */
export function LedgerCard({ ledger, canSeeEntries }: { ledger: LedgerSummary; canSeeEntries: boolean }) {
  return (
    <Card>
      <CardHeader className="flex-row items-start justify-between gap-4">
        <div>
          <CardTitle>Recent activity</CardTitle>
          <CardDescription>
            {formatCount(ledger.total)} ledger entries · {formatCount(ledger.last24h)} in the last 24 hours
          </CardDescription>
        </div>
        {canSeeEntries ? (
          <Link href="/audit" className="shrink-0 text-xs font-medium text-indigo-600 hover:underline">
            Open audit log →
          </Link>
        ) : null}
      </CardHeader>
      <CardContent className="px-0 py-0">
        {!canSeeEntries ? (
          <p className="px-5 py-4 text-sm text-zinc-500">
            Ledger entries are visible to auditors and security admins.
          </p>
        ) : ledger.latest.length === 0 ? (
          <EmptyState icon={ScrollText} title="No activity yet" className="m-4 border-0 py-6">
            Sign-ins, decisions and every change will be recorded here, hash-chained.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {ledger.latest.map((e) => (
              <li key={e.seq} className="flex items-center gap-3 px-5 py-2 text-sm">
                <span className="w-14 shrink-0 font-mono text-xs text-zinc-500">#{e.seq}</span>
                <div className="min-w-0 flex-1">
                  <div className="truncate font-mono text-xs font-medium text-zinc-900">{e.action}</div>
                  <div className="mt-0.5 flex min-w-0 items-center gap-1.5 text-xs text-zinc-500">
                    <Badge className="px-1.5 py-0 text-[10px]">{e.actorKind}</Badge>
                    <span className="shrink-0">{e.actorName ?? "unknown"}</span>
                    {e.target ? (
                      <span className="truncate font-mono text-zinc-500" title={e.target}>
                        → {e.target}
                      </span>
                    ) : null}
                  </div>
                </div>
                <TimeAgo date={e.at} className="shrink-0 text-xs text-zinc-500" />
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
