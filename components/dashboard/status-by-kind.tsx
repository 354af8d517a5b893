import Link from "next/link";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { KindBadge, humanize } from "@/components/ui/badge";
import { formatCount } from "@/components/charts/format";
import type { ActorSummary } from "@/lib/dashboard/queries";

const KINDS = ["HUMAN", "NHI", "AGENT"] as const;
const STATUSES = ["ACTIVE", "SUSPENDED", "OFFBOARDING", "RETIRED"] as const;

/** Actors by kind × status; each number links to the filtered inventory. */
export function StatusByKind({ actors }: { actors: ActorSummary }) {
  const estimated = KINDS.some((k) => actors[k].total.estimated);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Actors by status</CardTitle>
        <CardDescription>Every identity in the inventory, by kind and lifecycle status.</CardDescription>
      </CardHeader>
      <CardContent className="overflow-x-auto px-0 py-0">
        <table className="w-full text-sm">
          <thead>
            <tr className="border-b border-zinc-100 text-xs text-zinc-500">
              <th className="px-4 py-2 text-left font-medium">Kind</th>
              {STATUSES.map((s) => (
                <th key={s} className="px-2 py-2 text-right font-medium">
                  {humanize(s)}
                </th>
              ))}
              <th className="px-4 py-2 text-right font-medium">Total</th>
            </tr>
          </thead>
          <tbody>
            {KINDS.map((kind) => (
              <tr key={kind} className="border-b border-zinc-100 last:border-0">
                <td className="px-4 py-2.5">
                  <KindBadge kind={kind} />
                </td>
                {STATUSES.map((s) => {
                  const c = actors[kind].byStatus[s];
                  return (
                    <td key={s} className="px-2 py-2.5 text-right whitespace-nowrap tabular-nums">
                      {c.count === 0 ? (
                        <span className="text-zinc-300">0</span>
                      ) : (
                        <Link
                          href={`/inventory?kind=${kind}&status=${s}`}
                          className="text-zinc-800 hover:text-indigo-700 hover:underline"
                        >
                          {formatCount(c.count, c.estimated)}
                        </Link>
                      )}
                    </td>
                  );
                })}
                <td className="px-4 py-2.5 text-right font-medium whitespace-nowrap tabular-nums">
                  {formatCount(actors[kind].total.count, actors[kind].total.estimated)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </CardContent>
      {estimated ? (
        <CardFooter className="text-xs text-zinc-500">
          ≈ marks a large group estimated from PostgreSQL&apos;s table statistics; groups under 25,000 are
          counted exactly.
        </CardFooter>
      ) : null}
    </Card>
  );
}
