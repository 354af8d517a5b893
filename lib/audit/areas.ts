import { LEDGER_ACTION_AREAS, type LedgerArea } from "@/lib/ledger/actions";

// Ledger facets, shared by the audit query (server) and its table's filters (client). The areas
// are the prefixes of the typed action list, so every logged action can be filtered and no
// filter matches nothing.
export const LEDGER_AREAS = LEDGER_ACTION_AREAS;
export const LEDGER_ACTOR_KINDS = ["USER", "HUMAN", "NHI", "AGENT", "API_CLIENT", "SCIM", "SYSTEM"] as const;

const LABELS: Partial<Record<LedgerArea, string>> = {
  auth: "Sign-in",
  user: "Console users",
  actor: "Inventory",
  team: "Teams",
  nhi: "NHIs",
  agent: "Agents",
  ownership: "Ownership",
  rotation: "Rotation",
  grant: "Grants",
  token: "Tokens",
  signing_key: "Signing keys",
  policy: "Policies",
  decision: "Decisions",
  api_client: "API clients",
  scim_token: "SCIM tokens",
  import: "Import",
  inventory: "Inventory exports",
  audit: "Audit",
  webhook: "Webhooks",
  seed: "Seed data",
  bench: "Benchmarks",
};

export const areaLabel = (area: LedgerArea): string => LABELS[area] ?? area;
