import type { ComponentProps } from "react";
import { ChevronDown } from "lucide-react";
import { cn } from "./cn";
import { fieldBase } from "./input";

export type SelectOption = { value: string; label: string; disabled?: boolean };

/** A styled native <select>. Pass `options` or <option> children; `placeholder` adds an empty first option. */
export function Select({
  className,
  options,
  placeholder,
  children,
  ...props
}: ComponentProps<"select"> & { options?: readonly SelectOption[]; placeholder?: string }) {
  return (
    <div className={cn("relative", className)}>
      <select className={cn(fieldBase, "h-9 appearance-none py-1 pr-8")} {...props}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options?.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
        {children}
      </select>
      <ChevronDown
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 text-zinc-500"
        aria-hidden
      />
    </div>
  );
}
