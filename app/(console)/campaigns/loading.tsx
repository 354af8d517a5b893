import { DataTableSkeleton } from "@/components/data-table";

export default function Loading() {
  return <DataTableSkeleton columns={5} filters={2} />;
}
