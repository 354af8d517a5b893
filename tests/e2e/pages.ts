import { db } from "@/lib/db";

// The console's pages, for the sweeps that visit each one (accessibility, hostile addresses).
// Add a new page here.
/** Every console page without an id in its address. */
export const CONSOLE_PAGES = [
  "/",
  "/inventory",
  "/inventory/humans",
  "/inventory/nhis",
  "/inventory/agents",
  "/resources",
  "/entitlements",
  "/ownership",
  "/ownership/claims",
  "/ownership/rotation",
  "/ownership/transfers",
  "/ownership/inbox",
  "/requests",
  "/requests/new",
  "/requests/break-glass",
  "/campaigns",
  "/campaigns/new",
  "/reviews",
  "/agents",
  "/agents/new",
  "/agents/sessions",
  "/agents/consents",
  "/proposals",
  "/policies",
  "/decisions",
  "/audit",
  "/audit/access",
  "/settings",
  "/settings/users",
  "/settings/api-clients",
  "/settings/scim",
  "/settings/webhooks",
  "/settings/import",
  "/settings/jobs",
] as const;

/** One page of each kind that has an id in its address, from the demo data. */
export async function detailPages(): Promise<string[]> {
  const nhi = await db.actor.findFirstOrThrow({ where: { kind: "NHI" }, select: { id: true } });
  const policySet = await db.policySet.findFirstOrThrow({ select: { id: true } });
  const entitlement = await db.entitlement.findFirstOrThrow({
    where: { privileged: true },
    select: { id: true },
  });
  return [`/actors/${nhi.id}`, `/policies/${policySet.id}`, `/entitlements/${entitlement.id}`];
}
