import Link from "next/link";
import { ArrowRight, CheckCircle2 } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time";
import { formatCount } from "@/components/charts/format";
import { cn } from "@/components/ui/cn";
import type { WorkCardData } from "@/lib/my-work/types";

/** One "My work" card: a count, the most urgent few items, and the way to the whole queue. */
export function WorkCard({ title, empty, data }: { title: string; empty: string; data: WorkCardData }) {
  const headingId = `work-${title.replace(/\W+/g, "-").toLowerCase()}`;
  return (
    // Nothing to do moves to the end (visually only: an empty card holds nothing to focus).
    <Card
      className={cn("flex flex-col", data.count === 0 && data.items.length === 0 && "order-last")}
      aria-labelledby={headingId}
      role="region"
    >
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle id={headingId}>{title}</CardTitle>
        <Badge
          tone={data.count ? (data.tone ?? "accent") : "success"}
          aria-label={`${data.count} items`}
          data-testid="work-count"
        >
          {formatCount(data.count)}
          {data.capped ? "+" : ""}
        </Badge>
      </CardHeader>
      <CardContent className="flex-1">
        {data.items.length === 0 ? (
          <p className="flex items-start gap-2 text-sm text-zinc-500">
            <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden />
            {empty}
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {data.items.map((item) => (
              <li
                key={item.id}
                className="flex items-baseline justify-between gap-3 py-2 first:pt-0 last:pb-0"
              >
                <div className="min-w-0">
                  <Link
                    href={item.href}
                    className="line-clamp-2 text-sm font-medium break-words text-zinc-900 hover:text-indigo-700 hover:underline"
                  >
                    {item.label}
                  </Link>
                  {item.detail ? <p className="truncate text-xs text-zinc-500">{item.detail}</p> : null}
                </div>
                {item.due ? <TimeAgo date={item.due} className="shrink-0 text-xs text-zinc-500" /> : null}
              </li>
            ))}
          </ul>
        )}
      </CardContent>
      {data.count > 0 ? (
        <CardFooter>
          <Link
            href={data.href}
            className="inline-flex items-center gap-1 text-sm font-medium text-indigo-700 hover:underline"
          >
            Open the queue <ArrowRight className="size-3.5" aria-hidden />
            <span className="sr-only">: {title}</span>
          </Link>
        </CardFooter>
      ) : null}
    </Card>
  );
}

export function WorkCardSkeleton({ title }: { title: string }) {
  return (
    <Card aria-busy="true" aria-label={`${title}: loading`}>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle>{title}</CardTitle>
        <Skeleton className="h-5 w-8 rounded-full" />
      </CardHeader>
      <CardContent className="space-y-3">
        <Skeleton className="h-4 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
        <Skeleton className="h-4 w-2/3" />
      </CardContent>
    </Card>
  );
}
