import { requirePageUser } from "@/lib/auth/session";
import { listResources, resourceTable } from "@/lib/inventory/resources";
import { parseTableParams } from "@/lib/table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { InventoryTabs } from "../inventory/_components/inventory-page";
import { ResourcesTable } from "./resources-table";

export const metadata = { title: "Resources" };

export default async function ResourcesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageUser("inventory:read");
  const params = parseTableParams(await searchParams, resourceTable);
  const { rows, total } = await listResources(params);
  return (
    <>
      <PageHeader
        title="Resources"
        description="Applications, datasets, APIs, tools and infrastructure that access is granted on."
      />
      <InventoryTabs active="resources" />
      <ResourcesTable rows={rows} total={total} />
    </>
  );
}
