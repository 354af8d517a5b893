import type { SessionUser } from "@/lib/auth/session";
import { callerOf } from "@/lib/actions/caller";
import { listAgents } from "@/lib/agents/queries";
import { listCampaigns } from "@/lib/campaigns/queries";
import type { TableParams } from "@/lib/table/search-params";
import type { WorkCardData } from "./types";

// Cards that are a filter of a list page: the card runs that page's query with the filter its
// link opens, so the count on the card is the count on the page.
const FEW = 5;
const filtered = (filters: Record<string, string[]>, sort: TableParams["sort"] = []): TableParams => ({
  page: 1,
  size: FEW,
  sort,
  q: "",
  filters,
  cursor: null,
});

/** My agents past their attestation interval and its grace (the agents list, filtered). */
export async function agentsPastAttestation(user: SessionUser): Promise<WorkCardData> {
  const filters = { attestation: ["OVERDUE"] };
  // "My" agents also for an admin: the ones they sponsor, not the organisation's.
  const { rows, total } = await listAgents({ ...callerOf(user), isAdmin: false }, filtered(filters));
  return {
    count: total,
    href: "/agents?attestation=OVERDUE",
    tone: total ? "warning" : "neutral",
    items: rows.map((a) => ({
      id: a.id,
      label: a.name,
      detail: `${a.model} · ${a.tools.length} tool${a.tools.length === 1 ? "" : "s"}`,
      href: `/agents/${a.id}/edit`,
    })),
  };
}

/** Campaigns closed with remediation that failed or cannot be done (the campaigns list, filtered). */
export async function campaignsUnresolved(): Promise<WorkCardData> {
  const filters = { remediation: ["UNRESOLVED"] };
  const { rows, total } = await listCampaigns(filtered(filters, [{ id: "createdAt", desc: true }]));
  return {
    count: total,
    href: "/campaigns?remediation=UNRESOLVED",
    tone: total ? "danger" : "neutral",
    items: rows.map((c) => ({
      id: c.id,
      label: c.name,
      detail: `${c.decided.toLocaleString("en-US")} of ${c.items.toLocaleString("en-US")} decided`,
      href: `/campaigns/${c.id}`,
      due: c.closedAt,
    })),
  };
}
