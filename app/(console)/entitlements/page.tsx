import { requirePageUser } from "@/lib/auth/session";
import { entitlementTable, listEntitlements } from "@/lib/inventory/resources";
import { parseTableParams } from "@/lib/table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "../inventory/_components/inventory-page";
import { EntitlementsTable } from "./entitlements-table";

export const metadata = { title: "Entitlements" };

export default async function EntitlementsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("inventory:read");
  const params = parseTableParams(await searchParams, entitlementTable);
  const { rows, total } = await listEntitlements(params);
  return (
    <>
      <PageHeader
        title="Entitlements"
        description="Every role, scope and permission, which are privileged, and who holds each by kind."
      />
      <InventoryTabs active="entitlements" />
      <EntitlementsTable rows={rows} total={total} />
    </>
  );
}
