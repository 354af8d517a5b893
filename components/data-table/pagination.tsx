"use client";

import { ChevronLeft, ChevronRight, ChevronsLeft, ChevronsRight } from "lucide-react";
import { Button } from "@/components/ui/button";

const nf = new Intl.NumberFormat("en-US");

type Props = {
  page: number;
  size: number;
  pageSizes: readonly number[];
  rowCount: number;
  total?: number | null;
  totalIsEstimate?: boolean;
  hasMore?: boolean;
  nextCursor?: string | null;
  keyset: boolean;
  onPage: (page: number) => void;
  onSize: (size: number) => void;
  onCursor: (cursor: string | null) => void;
};

/** Offset paging ("page X of Y") when a total is known, else keyset paging ("first" / "more"). */
export function Pagination({
  page,
  size,
  pageSizes,
  rowCount,
  total,
  totalIsEstimate,
  hasMore,
  nextCursor,
  keyset,
  onPage,
  onSize,
  onCursor,
}: Props) {
  const known = typeof total === "number";
  const pages = known ? Math.max(1, Math.ceil(total / size)) : null;
  const from = rowCount === 0 ? 0 : (page - 1) * size + 1;
  const to = (page - 1) * size + rowCount;
  const canNext = keyset ? Boolean(hasMore && nextCursor) : pages !== null ? page < pages : Boolean(hasMore);

  return (
    <div className="flex flex-col-reverse gap-3 px-1 py-3 text-xs text-zinc-600 sm:flex-row sm:items-center sm:justify-between">
      <div className="tabular-nums">
        {keyset ? (
          <span>
            {nf.format(rowCount)} rows shown
            {known ? ` of ${totalIsEstimate ? "≈" : ""}${nf.format(total)}` : ""}
          </span>
        ) : (
          <span>
            {nf.format(from)}–{nf.format(to)}
            {known ? ` of ${totalIsEstimate ? "≈" : ""}${nf.format(total)}` : ""}
          </span>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            value={size}
            onChange={(e) => onSize(Number(e.target.value))}
            className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 shadow-sm"
            aria-label="Rows per page"
          >
            {[...new Set([...pageSizes, size])]
              .sort((a, b) => a - b)
              .map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </select>
        </label>
        {keyset ? (
          <div className="flex items-center gap-1">
            <Button variant="outline" size="sm" onClick={() => onCursor(null)}>
              <ChevronsLeft aria-hidden /> First page
            </Button>
            <Button
              variant="outline"
              size="sm"
              disabled={!canNext}
              onClick={() => onCursor(nextCursor ?? null)}
            >
              Next page <ChevronRight aria-hidden />
            </Button>
          </div>
        ) : (
          <div className="flex items-center gap-1">
            {pages !== null ? (
              <span className="mr-2 tabular-nums">
                Page {nf.format(page)} of {totalIsEstimate ? "≈" : ""}
                {nf.format(pages)}
              </span>
            ) : null}
            <Button
              variant="outline"
              size="icon"
              className="size-8"
              disabled={page <= 1}
              onClick={() => onPage(1)}
              aria-label="First page"
            >
              <ChevronsLeft aria-hidden />
            </Button>
            <Button
              variant="outline"
              size="icon"
              className="size-8"
              disabled={page <= 1}
              onClick={() => onPage(page - 1)}
              aria-label="Previous page"
            >
              <ChevronLeft aria-hidden />
            </Button>
            <Button
              variant="outline"
              size="icon"
              className="size-8"
              disabled={!canNext}
              onClick={() => onPage(page + 1)}
              aria-label="Next page"
            >
              <ChevronRight aria-hidden />
            </Button>
            {pages !== null && !totalIsEstimate ? (
              <Button
                variant="outline"
                size="icon"
                className="size-8"
                disabled={!canNext}
                onClick={() => onPage(pages)}
                aria-label="Last page"
              >
                <ChevronsRight aria-hidden />
              </Button>
            ) : null}
          </div>
        )}
      </div>
    </div>
  );
}
