import { DataTableSkeleton } from "@/components/data-table";

export default function Loading() {
  return <DataTableSkeleton columns={6} filters={1} />;
}
