import Link from "next/link";
import type { ReactNode } from "react";
import type { LucideIcon } from "lucide-react";
import { ArrowRight } from "lucide-react";
import { cn } from "./cn";
import type { BadgeTone } from "./badge";

const toneText: Record<BadgeTone, string> = {
  neutral: "text-zinc-900",
  info: "text-sky-700",
  success: "text-emerald-700",
  warning: "text-amber-700",
  danger: "text-red-700",
  accent: "text-indigo-700",
};

/** A number on the dashboard: label, value, hint, optional icon and link. */
export function StatTile({
  label,
  value,
  hint,
  href,
  icon: Icon,
  tone = "neutral",
  className,
}: {
  label: ReactNode;
  value: ReactNode;
  hint?: ReactNode;
  href?: string;
  icon?: LucideIcon;
  tone?: BadgeTone;
  className?: string;
}) {
  const body = (
    <>
      <div className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium tracking-wide text-zinc-500 uppercase">{label}</span>
        {Icon ? <Icon className="size-4 text-zinc-500" aria-hidden /> : null}
      </div>
      <div className={cn("mt-2 text-2xl font-semibold tabular-nums", toneText[tone])}>{value}</div>
      {hint || href ? (
        <div className="mt-1 flex items-center justify-between gap-2 text-xs text-zinc-500">
          <span>{hint}</span>
          {href ? (
            <ArrowRight
              className="size-3.5 text-zinc-500 transition-transform group-hover:translate-x-0.5"
              aria-hidden
            />
          ) : null}
        </div>
      ) : null}
    </>
  );
  const cls = cn(
    "group block rounded-lg border border-zinc-200 bg-white p-4 shadow-xs",
    href && "transition-colors hover:border-indigo-300 hover:bg-indigo-50/30",
    className,
  );
  return href ? (
    <Link href={href} className={cls}>
      {body}
    </Link>
  ) : (
    <div className={cls}>{body}</div>
  );
}
