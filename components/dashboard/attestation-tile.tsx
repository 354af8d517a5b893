import { BadgeCheck } from "lucide-react";
import { StatTile } from "@/components/ui/stat-tile";

/** NHIs and agents past their attestation interval plus grace. */
export function AttestationTile({ nhis, agents, days }: { nhis: number; agents: number; days: number }) {
  const total = nhis + agents;
  return (
    <StatTile
      label="Attestation overdue"
      value={total.toLocaleString("en-US")}
      hint={`${nhis.toLocaleString("en-US")} NHIs · ${agents.toLocaleString("en-US")} agents, not attested in ${days} days`}
      icon={BadgeCheck}
      tone={total ? "warning" : "success"}
      href="/campaigns/new"
    />
  );
}
