import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div aria-busy="true" aria-label="Loading">
      <Skeleton className="h-7 w-40" />
      <Skeleton className="mt-2 h-4 w-[32rem]" />
      <Skeleton className="mt-6 h-9 w-72" />
      <Skeleton className="mt-4 h-72" />
    </div>
  );
}
