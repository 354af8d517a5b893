import { DataTableSkeleton } from "@/components/data-table";

export default function Loading() {
  return <DataTableSkeleton columns={7} filters={1} />;
}
