import { InventoryPage, type SearchParams } from "./_components/inventory-page";

export const metadata = { title: "Inventory" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <InventoryPage view="all" searchParams={searchParams} />;
}
