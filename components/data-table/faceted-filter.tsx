"use client";

import { Check, PlusCircle } from "lucide-react";
import { Popover } from "@/components/ui/popover";
import { buttonVariants } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { FacetFilter } from "./types";

/** A toolbar button that opens a multi-select of a filter's options; the choice lives in the URL. */
export function FacetedFilter({
  filter,
  selected,
  onChange,
}: {
  filter: FacetFilter;
  selected: string[];
  onChange: (values: string[]) => void;
}) {
  const chosen = new Set(selected);
  const labels = filter.options.filter((o) => chosen.has(o.value));
  const toggle = (value: string) => {
    const next = new Set(chosen);
    if (next.has(value)) next.delete(value);
    else next.add(value);
    onChange(filter.options.map((o) => o.value).filter((v) => next.has(v)));
  };

  return (
    <Popover
      label={`Filter by ${filter.title}`}
      triggerClassName={buttonVariants({
        variant: "outline",
        size: "sm",
        className: cn("border-dashed", chosen.size > 0 && "border-solid border-indigo-300 bg-indigo-50/50"),
      })}
      trigger={
        <>
          <PlusCircle aria-hidden />
          {filter.title}
          {labels.length > 0 ? (
            <span className="ml-1 rounded bg-indigo-100 px-1.5 py-0.5 text-[11px] font-medium text-indigo-700">
              {labels.length > 2 ? `${labels.length} selected` : labels.map((l) => l.label).join(", ")}
            </span>
          ) : null}
        </>
      }
      className="w-60"
    >
      {(close) => (
        <div>
          <ul
            role="listbox"
            aria-multiselectable="true"
            aria-label={filter.title}
            className="max-h-72 overflow-y-auto"
          >
            {filter.options.map((o) => {
              const on = chosen.has(o.value);
              return (
                <li key={o.value}>
                  <button
                    type="button"
                    role="option"
                    aria-selected={on}
                    onClick={() => toggle(o.value)}
                    className="flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm text-zinc-800 hover:bg-zinc-100"
                  >
                    <span
                      className={cn(
                        "flex size-4 items-center justify-center rounded border",
                        on ? "border-indigo-600 bg-indigo-600 text-white" : "border-zinc-300",
                      )}
                    >
                      {on ? <Check className="size-3" aria-hidden /> : null}
                    </span>
                    {o.icon}
                    <span className="flex-1 truncate">{o.label}</span>
                    {o.count !== undefined ? (
                      <span className="font-mono text-xs text-zinc-500 tabular-nums">
                        {o.count.toLocaleString("en-US")}
                      </span>
                    ) : null}
                  </button>
                </li>
              );
            })}
          </ul>
          {chosen.size > 0 ? (
            <>
              <div className="my-1 h-px bg-zinc-100" />
              <button
                type="button"
                onClick={() => {
                  onChange([]);
                  close();
                }}
                className="w-full rounded px-2 py-1.5 text-center text-sm text-zinc-600 hover:bg-zinc-100"
              >
                Clear filter
              </button>
            </>
          ) : null}
        </div>
      )}
    </Popover>
  );
}
