"use client";

import { useId, useState, type ReactNode } from "react";
import { cn } from "./cn";

/** Client tabs for content already on the page. Arrow keys move between tabs. */
export function Tabs({ tabs, defaultValue, className }: { tabs: { value: string; label: ReactNode; content: ReactNode }[]; defaultValue?: string; className?: string }) {
  const [value, setValue] = useState(defaultValue ?? tabs[0]?.value);
  const id = useId();
  return (
    <div className={className}>
      <div role="tablist" className="mb-4 flex gap-1 border-b border-zinc-200">
        {tabs.map((t, i) => (
          <button
            key={t.value}
            role="tab"
            type="button"
            id={`${id}-tab-${t.value}`}
            aria-selected={value === t.value}
            aria-controls={`${id}-panel-${t.value}`}
            tabIndex={value === t.value ? 0 : -1}
            onClick={() => setValue(t.value)}
            onKeyDown={(e) => {
              if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
              const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
              setValue(next.value);
              document.getElementById(`${id}-tab-${next.value}`)?.focus();
            }}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap transition-colors",
              value === t.value ? "border-indigo-600 text-indigo-700" : "border-transparent text-zinc-500 hover:text-zinc-800",
            )}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div key={t.value} role="tabpanel" id={`${id}-panel-${t.value}`} aria-labelledby={`${id}-tab-${t.value}`} hidden={value !== t.value}>
          {t.content}
        </div>
      ))}
    </div>
  );
}
