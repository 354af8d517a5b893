import type { ReactNode } from "react";
import { cn } from "./cn";

/** Label/value pairs for detail pages (the auditor's "one page" answers). */
export function DescriptionList({
  items,
  className,
  columns = 2,
}: {
  items: { label: ReactNode; value: ReactNode }[];
  className?: string;
  columns?: 1 | 2 | 3;
}) {
  return (
    <dl
      className={cn(
        "grid gap-x-6 gap-y-3",
        columns === 1 ? "grid-cols-1" : columns === 2 ? "sm:grid-cols-2" : "sm:grid-cols-3",
        className,
      )}
    >
      {items.map((it, i) => (
        <div key={i} className="min-w-0">
          <dt className="text-xs font-medium text-zinc-500">{it.label}</dt>
          <dd className="mt-0.5 text-sm break-words text-zinc-900">
            {it.value ?? <span className="text-zinc-500">—</span>}
          </dd>
        </div>
      ))}
    </dl>
  );
}
