import { Skeleton } from "@/components/ui/skeleton";

/** Placeholder for a DataTable while its page loads (use in loading.tsx). */
export function DataTableSkeleton({
  columns = 5,
  rows = 10,
  filters = 2,
}: {
  columns?: number;
  rows?: number;
  filters?: number;
}) {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading table">
      <div className="flex flex-wrap items-center gap-2">
        <Skeleton className="h-8 w-64" />
        {Array.from({ length: filters }, (_, i) => (
          <Skeleton key={i} className="h-8 w-24" />
        ))}
        <Skeleton className="ml-auto h-8 w-24" />
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
        <div className="flex gap-4 border-b border-zinc-200 bg-zinc-50 px-3 py-3">
          {Array.from({ length: columns }, (_, i) => (
            <Skeleton key={i} className="h-3 flex-1" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4 border-b border-zinc-100 px-3 py-3.5 last:border-0">
            {Array.from({ length: columns }, (_, i) => (
              <Skeleton key={i} className={i === 0 ? "h-4 flex-[2]" : "h-4 flex-1"} />
            ))}
          </div>
        ))}
      </div>
      <div className="flex justify-between">
        <Skeleton className="h-4 w-32" />
        <Skeleton className="h-8 w-56" />
      </div>
    </div>
  );
}
