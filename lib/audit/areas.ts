// Ledger facets, shared by the audit query (server) and its table's filters (client).
export const LEDGER_AREAS = ["auth", "user", "seed", "actor", "nhi", "agent", "grant", "credential", "ownership", "rotation", "retirement", "token", "policy", "decision", "scim", "import", "api_client", "audit", "webhook"] as const;
export const LEDGER_ACTOR_KINDS = ["USER", "HUMAN", "NHI", "AGENT", "API_CLIENT", "SCIM", "SYSTEM"] as const;
