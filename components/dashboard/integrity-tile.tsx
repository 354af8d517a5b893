import { ShieldAlert, ShieldCheck } from "lucide-react";
import { StatTile } from "@/components/ui/stat-tile";
import { formatCount } from "@/components/charts/format";
import type { IntegritySummary } from "@/lib/dashboard/queries";

/** Result of re-hashing the newest ledger entries; the full verification is on /audit. */
export function IntegrityTile({ integrity }: { integrity: IntegritySummary }) {
  if (!integrity.ok) {
    return (
      <StatTile
        label="Ledger integrity"
        value="Broken"
        tone="danger"
        icon={ShieldAlert}
        hint={`At entry #${integrity.breakAt}: ${integrity.reason}`}
        href="/audit"
      />
    );
  }
  return (
    <StatTile
      label="Ledger integrity"
      value={integrity.checked === 0 ? "Empty" : "Intact"}
      tone={integrity.checked === 0 ? "neutral" : "success"}
      icon={ShieldCheck}
      hint={
        integrity.checked === 0
          ? "No entries yet"
          : `Newest ${formatCount(integrity.checked)} entries re-hashed`
      }
      href="/audit"
    />
  );
}
