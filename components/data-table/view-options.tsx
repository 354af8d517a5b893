"use client";

import type { Table } from "@tanstack/react-table";
import { Check, Settings2 } from "lucide-react";
import { Popover } from "@/components/ui/popover";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

export function columnLabel<TData>(column: ReturnType<Table<TData>["getAllLeafColumns"]>[number]): string {
  const header = column.columnDef.header;
  return column.columnDef.meta?.label ?? (typeof header === "string" ? header : column.id);
}

/** "Columns" menu: show or hide columns (kept in local storage per table). */
export function ViewOptions<TData>({ table }: { table: Table<TData> }) {
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide());
  if (columns.length === 0) return null;
  return (
    <Popover
      label="Choose columns"
      align="end"
      className="w-52"
      triggerClassName={buttonVariants({ variant: "outline", size: "sm" })}
      trigger={
        <>
          <Settings2 aria-hidden />
          Columns
        </>
      }
    >
      <div className="px-2 py-1.5 text-xs font-medium text-zinc-500">Show columns</div>
      <ul className="max-h-72 overflow-y-auto">
        {columns.map((c) => {
          const on = c.getIsVisible();
          return (
            <li key={c.id}>
              <button
                type="button"
                role="menuitemcheckbox"
                aria-checked={on}
                onClick={() => c.toggleVisibility(!on)}
                className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm text-zinc-800 hover:bg-zinc-100"
              >
                <span
                  className={cn(
                    "flex size-4 items-center justify-center",
                    on ? "text-indigo-600" : "text-transparent",
                  )}
                >
                  <Check className="size-4" aria-hidden />
                </span>
                {columnLabel(c)}
              </button>
            </li>
          );
        })}
      </ul>
    </Popover>
  );
}
