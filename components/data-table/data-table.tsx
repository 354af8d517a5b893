"use client";

import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
  type Updater,
  type VisibilityState,
} from "@tanstack/react-table";
import { Search, X } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ColumnHeader } from "./column-header";
import { FacetedFilter } from "./faceted-filter";
import { Pagination } from "./pagination";
import { ViewOptions } from "./view-options";
import { useTableUrl } from "./use-table-url";
import type { FacetFilter } from "./types";
import "./types";

export type DataTableProps<TData> = {
  /** Column definitions (`ColumnDef<Row>[]`); set `enableSorting: true` on columns the server can sort by. */
  columns: ColumnDef<TData>[];
  rows: TData[];
  /** Total matching rows (offset paging). Omit/null when unknown and pass `hasMore`. */
  total?: number | null;
  /** Show "≈" before the total (e.g. from pg_class.reltuples). */
  totalIsEstimate?: boolean;
  /** Keyset paging: there is a next page reachable with `nextCursor` (URL `cursor`). */
  hasMore?: boolean;
  nextCursor?: string | null;
  /** Must match the server's parse defaults (defaultSize). */
  defaultSize?: number;
  pageSizes?: readonly number[];
  getRowId?: (row: TData) => string;
  /** Clicking a row (or Enter on it) opens this link. */
  getRowHref?: (row: TData) => string | null | undefined;
  /** Free-text search box (URL `q`); `false` hides it. */
  searchPlaceholder?: string | false;
  filters?: FacetFilter[];
  /** Buttons at the right end of the toolbar (export, create…). */
  actions?: ReactNode;
  /** Shown when there are no rows at all (no search or filter active). */
  emptyState?: ReactNode;
  /** localStorage key for column visibility. */
  storageKey?: string;
  className?: string;
};

function sortFromParam(value: string | null): SortingState {
  if (!value) return [];
  return value
    .split(",")
    .filter(Boolean)
    .map((token) => {
      const dot = token.lastIndexOf(".");
      return dot > 0
        ? { id: token.slice(0, dot), desc: token.slice(dot + 1) === "desc" }
        : { id: token, desc: false };
    });
}

function sortToParam(sorting: SortingState): string | null {
  return sorting.length ? sorting.map((s) => `${s.id}.${s.desc ? "desc" : "asc"}`).join(",") : null;
}

const INTERACTIVE = "a,button,input,select,textarea,label,summary,[role=menuitem],[data-no-row-click]";

/** The one server-driven list of the console: paging, sorting, search and filters live in the URL. */
export function DataTable<TData>(props: DataTableProps<TData>) {
  const {
    columns,
    rows,
    total,
    totalIsEstimate,
    hasMore,
    nextCursor,
    defaultSize = 50,
    pageSizes = [25, 50, 100, 200],
    getRowId,
    getRowHref,
    searchPlaceholder = "Search…",
    filters = [],
    actions,
    emptyState,
    storageKey,
    className,
  } = props;
  const router = useRouter();
  const url = useTableUrl();

  const sorting = useMemo(() => sortFromParam(url.get("sort")), [url]);
  const page = Math.max(1, Number.parseInt(url.get("page") ?? "1", 10) || 1);
  const size = Math.max(1, Number.parseInt(url.get("size") ?? String(defaultSize), 10) || defaultSize);
  const keyset = hasMore !== undefined && nextCursor !== undefined;

  const initialVisibility = useMemo<VisibilityState>(
    () =>
      Object.fromEntries(
        columns.flatMap((c) => {
          const id =
            c.id ??
            ("accessorKey" in c && typeof c.accessorKey === "string"
              ? c.accessorKey.replaceAll(".", "_")
              : undefined);
          return c.meta?.hiddenByDefault && id ? [[id, false]] : [];
        }),
      ),
    [columns],
  );
  const [columnVisibility, setColumnVisibility] = useState<VisibilityState>(initialVisibility);
  useEffect(() => {
    if (!storageKey) return;
    try {
      const saved = window.localStorage.getItem(`triad.table.${storageKey}.columns`);
      if (saved) setColumnVisibility(JSON.parse(saved) as VisibilityState);
    } catch {
      /* ignore unreadable storage */
    }
  }, [storageKey]);
  const onVisibility = (updater: Updater<VisibilityState>) => {
    setColumnVisibility((prev) => {
      const next = typeof updater === "function" ? updater(prev) : updater;
      if (storageKey) window.localStorage.setItem(`triad.table.${storageKey}.columns`, JSON.stringify(next));
      return next;
    });
  };

  // TanStack Table returns non-memoizable functions; the React Compiler skips this component, which is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getRowId: getRowId ? (row) => getRowId(row) : undefined,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: true,
    maxMultiSortColCount: 3,
    isMultiSortEvent: (e) => (e as MouseEvent).shiftKey,
    defaultColumn: { enableSorting: false },
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const next = typeof updater === "function" ? updater(sorting) : updater;
      url.update({ sort: sortToParam(next) });
    },
    onColumnVisibilityChange: onVisibility,
  });

  // Debounced free-text search, kept in step with the URL when it changes elsewhere (back button, "clear").
  const urlQ = url.get("q") ?? "";
  const [q, setQ] = useState(urlQ);
  const pushed = useRef(urlQ);
  useEffect(() => {
    if (urlQ !== pushed.current) {
      pushed.current = urlQ;
      setQ(urlQ);
    }
  }, [urlQ]);
  useEffect(() => {
    if (q.trim() === pushed.current) return;
    const t = setTimeout(() => {
      pushed.current = q.trim();
      url.update({ q: q.trim() || null });
    }, 300);
    return () => clearTimeout(t);
  }, [q, url]);

  const filtered = urlQ !== "" || filters.some((f) => url.getList(f.id).length > 0);
  const visibleColumns = table.getVisibleLeafColumns().length;

  const open = (href: string, newTab: boolean) => {
    if (newTab) window.open(href, "_blank", "noopener");
    else router.push(href);
  };

  return (
    <div className={cn("flex flex-col gap-3", className)}>
      <div className="flex flex-wrap items-center gap-2">
        {searchPlaceholder !== false ? (
          <div className="relative w-full sm:w-72">
            <Search
              className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-zinc-500"
              aria-hidden
            />
            <input
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={searchPlaceholder}
              aria-label="Search"
              maxLength={200}
              className="h-8 w-full rounded-md border border-zinc-300 bg-white pr-2 pl-8 text-sm shadow-sm placeholder:text-zinc-500 focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500/30"
            />
          </div>
        ) : null}
        {filters.map((f) => (
          <FacetedFilter
            key={f.id}
            filter={f}
            selected={url.getList(f.id)}
            onChange={(values) => url.update({ [f.id]: values.length ? values.join(",") : null })}
          />
        ))}
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => {
              setQ("");
              pushed.current = "";
              url.update({ q: null, ...Object.fromEntries(filters.map((f) => [f.id, null])) });
            }}
          >
            Reset <X aria-hidden />
          </Button>
        ) : null}
        <div className="ml-auto flex items-center gap-2">
          {actions}
          <ViewOptions table={table} />
        </div>
      </div>

      <div
        className={cn(
          "overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs transition-opacity",
          url.pending && "opacity-60",
        )}
        aria-busy={url.pending || undefined}
      >
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <thead className="bg-zinc-50">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id} className="border-b border-zinc-200">
                  {group.headers.map((header) => {
                    const dir = header.column.getIsSorted();
                    return (
                      <th
                        key={header.id}
                        colSpan={header.colSpan}
                        aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : undefined}
                        className={cn(
                          "h-9 px-3 text-left align-middle text-xs font-medium whitespace-nowrap text-zinc-500",
                          header.column.columnDef.meta?.className,
                        )}
                      >
                        <ColumnHeader header={header} />
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody>
              {table.getRowModel().rows.map((row) => {
                const href = getRowHref?.(row.original) ?? null;
                return (
                  <tr
                    key={row.id}
                    className={cn(
                      "border-b border-zinc-100 last:border-0",
                      href &&
                        "cursor-pointer hover:bg-zinc-50 focus-visible:bg-indigo-50/50 focus-visible:outline-none",
                    )}
                    tabIndex={href ? 0 : undefined}
                    onClick={
                      href
                        ? (e) => {
                            if (
                              (e.target as HTMLElement).closest(INTERACTIVE) ||
                              window.getSelection()?.toString()
                            )
                              return;
                            open(href, e.metaKey || e.ctrlKey);
                          }
                        : undefined
                    }
                    onAuxClick={
                      href
                        ? (e) =>
                            e.button === 1 &&
                            !(e.target as HTMLElement).closest(INTERACTIVE) &&
                            open(href, true)
                        : undefined
                    }
                    onKeyDown={
                      href
                        ? (e) => e.key === "Enter" && e.target === e.currentTarget && open(href, false)
                        : undefined
                    }
                  >
                    {row.getVisibleCells().map((cell) => (
                      <td
                        key={cell.id}
                        className={cn(
                          "px-3 py-2.5 align-middle text-zinc-800",
                          cell.column.columnDef.meta?.className,
                        )}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    ))}
                  </tr>
                );
              })}
              {rows.length === 0 ? (
                <tr>
                  <td colSpan={visibleColumns} className="p-4">
                    {filtered || page > 1 || !emptyState ? (
                      <EmptyState icon={Search} title="No matching rows" className="border-0">
                        {filtered
                          ? "Nothing matches this search and these filters. Try fewer filters or reset them."
                          : page > 1
                            ? "This page is past the end of the list."
                            : "There is nothing here yet."}
                      </EmptyState>
                    ) : (
                      emptyState
                    )}
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </div>

      <Pagination
        page={page}
        size={size}
        pageSizes={pageSizes}
        rowCount={rows.length}
        total={total}
        totalIsEstimate={totalIsEstimate}
        hasMore={hasMore}
        nextCursor={nextCursor}
        keyset={keyset}
        onPage={(p) => url.update({ page: p > 1 ? String(p) : null }, { keepPage: true })}
        onSize={(s) => url.update({ size: s === defaultSize ? null : String(s) })}
        onCursor={(c) => url.update({ cursor: c }, { keepPage: true })}
      />
    </div>
  );
}
