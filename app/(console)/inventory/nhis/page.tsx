import { InventoryPage, type SearchParams } from "../_components/inventory-page";

export const metadata = { title: "Non-human identities" };

export default function Page({ searchParams }: { searchParams: SearchParams }) {
  return <InventoryPage view="nhis" searchParams={searchParams} />;
}
