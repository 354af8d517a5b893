import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

/** A native checkbox; with `label` it renders a clickable label beside it. */
export function Checkbox({
  className,
  label,
  description,
  id,
  ...props
}: Omit<ComponentProps<"input">, "type"> & { label?: ReactNode; description?: ReactNode }) {
  const box = (
    <input
      id={id}
      type="checkbox"
      className={cn("size-4 shrink-0 rounded border-zinc-300 accent-indigo-600", !label && className)}
      {...props}
    />
  );
  if (!label) return box;
  return (
    <label htmlFor={id} className={cn("flex items-start gap-2 text-sm text-zinc-800", className)}>
      <span className="pt-0.5">{box}</span>
      <span>
        <span className="font-medium">{label}</span>
        {description ? <span className="block text-xs text-zinc-500">{description}</span> : null}
      </span>
    </label>
  );
}
