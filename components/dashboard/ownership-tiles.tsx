import { Bot, RotateCw, UserCheck, UserX } from "lucide-react";
import { StatTile } from "@/components/ui/stat-tile";
import type { OwnershipSummary } from "@/lib/ownership/summary";

const fmt = (n: number) => n.toLocaleString("en-US");

/** Ownership health: share of NHIs with an owner, orphans, overdue rotations, agents without sponsor. */
export function OwnershipTiles({ summary }: { summary: OwnershipSummary }) {
  const pct = summary.nhis === 0 ? 100 : Math.floor((summary.owned / summary.nhis) * 1000) / 10;
  return (
    <section
      aria-label="Ownership"
      className="mt-6 grid gap-4 sm:grid-cols-2 xl:grid-cols-4"
      data-testid="ownership-tiles"
    >
      <StatTile
        label="NHIs with an owner"
        value={`${pct}%`}
        hint={`${fmt(summary.owned)} of ${fmt(summary.nhis)} · ${fmt(summary.unclaimed)} unclaimed`}
        icon={UserCheck}
        tone={pct >= 95 ? "success" : pct >= 80 ? "warning" : "danger"}
        href="/ownership?status=UNCLAIMED"
      />
      <StatTile
        label="Orphaned NHIs"
        value={fmt(summary.orphaned)}
        hint="owner left; waiting for a successor"
        icon={UserX}
        tone={summary.orphaned ? "danger" : "success"}
        href="/ownership?status=ORPHANED"
      />
      <StatTile
        label="Overdue rotations"
        value={fmt(summary.overdue)}
        hint="credential older than its policy allows"
        icon={RotateCw}
        tone={summary.overdue ? "warning" : "success"}
        href="/ownership/rotation?bucket=overdue&scope=all"
      />
      <StatTile
        label="Agents without sponsor"
        value={fmt(summary.agentsWithoutSponsor)}
        hint="suspended until a human accepts"
        icon={Bot}
        tone={summary.agentsWithoutSponsor ? "danger" : "success"}
        href="/ownership?status=NO_SPONSOR"
      />
    </section>
  );
}
