"use client";

import type { Header } from "@tanstack/react-table";
import { flexRender } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import { cn } from "@/components/ui/cn";

/** Header cell content: plain text, or a sort button (click = sort by this; shift-click = add to the sort). */
export function ColumnHeader<TData>({ header }: { header: Header<TData, unknown> }) {
  const content = flexRender(header.column.columnDef.header, header.getContext());
  if (header.isPlaceholder) return null;
  if (!header.column.getCanSort()) return <>{content}</>;
  const dir = header.column.getIsSorted();
  const index = header.column.getSortIndex();
  const multi = header.getContext().table.getState().sorting.length > 1;
  const Icon = dir === "asc" ? ArrowUp : dir === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <button
      type="button"
      onClick={header.column.getToggleSortingHandler()}
      title="Sort (shift-click to sort by several columns)"
      className={cn(
        "-mx-1.5 inline-flex items-center gap-1 rounded px-1.5 py-1 hover:bg-zinc-200/60 hover:text-zinc-900",
        dir && "text-zinc-900",
      )}
    >
      {content}
      <Icon className={cn("size-3.5", !dir && "text-zinc-500")} aria-hidden />
      {dir && multi ? <span className="text-[10px] text-zinc-500 tabular-nums">{index + 1}</span> : null}
      <span className="sr-only">
        {dir === "asc" ? "sorted ascending" : dir === "desc" ? "sorted descending" : "not sorted"}
      </span>
    </button>
  );
}
