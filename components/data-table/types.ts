import type { RowData } from "@tanstack/react-table";
import type { ReactNode } from "react";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Name in the column-visibility menu (defaults to the header text or id). */
    label?: string;
    /** Extra classes for the column's cells and header (e.g. "text-right w-24"). */
    className?: string;
    /** Hidden until the user turns it on in the column menu. */
    hiddenByDefault?: boolean;
  }
}

export type FacetOption = { value: string; label: string; count?: number; icon?: ReactNode };

/** A faceted filter in the toolbar: URL key `id`, comma-separated selected values. */
export type FacetFilter = { id: string; title: string; options: FacetOption[] };
