export { DataTable } from "./data-table";
export { DataTableSkeleton } from "./skeleton";
