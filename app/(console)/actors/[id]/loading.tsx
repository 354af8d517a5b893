import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading actor">
      <Skeleton className="mb-2 h-7 w-72" />
      <Skeleton className="mb-6 h-4 w-56" />
      <div className="grid gap-4 lg:grid-cols-3">
        <Skeleton className="h-64 lg:col-span-2" />
        <Skeleton className="h-64" />
      </div>
      <Skeleton className="mt-4 h-48" />
    </div>
  );
}
