import { StatTile } from "@/components/ui/stat-tile";
import { KIND_META } from "@/components/ui/badge";
import { formatCount } from "@/components/charts/format";
import type { ActorSummary } from "@/lib/dashboard/queries";

const KINDS = ["HUMAN", "NHI", "AGENT"] as const;
const PLURAL = { HUMAN: "Humans", NHI: "Non-human identities", AGENT: "AI agents" } as const;

/** One tile per actor kind: total, and how many are not active. */
export function ActorTiles({ actors }: { actors: ActorSummary }) {
  return (
    <>
      {KINDS.map((kind) => {
        const { total, byStatus } = actors[kind];
        const notActive = byStatus.SUSPENDED.count + byStatus.OFFBOARDING.count;
        const hint =
          total.count === 0
            ? "None in the inventory yet"
            : `${formatCount(byStatus.ACTIVE.count, byStatus.ACTIVE.estimated)} active${notActive ? ` · ${formatCount(notActive)} suspended or offboarding` : ""}`;
        return (
          <StatTile
            key={kind}
            label={PLURAL[kind]}
            value={formatCount(total.count, total.estimated)}
            hint={hint}
            icon={KIND_META[kind].icon}
            href={`/inventory?kind=${kind}`}
          />
        );
      })}
    </>
  );
}
