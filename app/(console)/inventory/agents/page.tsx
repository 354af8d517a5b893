import { InventoryPage, type SearchParams } from "../_components/inventory-page";

export const metadata = { title: "AI agents" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <InventoryPage view="agents" searchParams={searchParams} />;
}
