import { InventoryPage, type SearchParams } from "../_components/inventory-page";

export const metadata = { title: "Humans" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <InventoryPage view="humans" searchParams={searchParams} />;
}
