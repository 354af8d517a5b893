export { DataTable, type DataTableProps } from "./data-table";
export { DataTableSkeleton } from "./skeleton";
export type { FacetFilter, FacetOption } from "./types";
