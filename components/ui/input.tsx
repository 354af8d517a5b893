import type { ComponentProps } from "react";
import { cn } from "./cn";

export const fieldBase =
  "w-full rounded-md border border-zinc-300 bg-white px-3 text-sm text-zinc-900 shadow-sm placeholder:text-zinc-400 " +
  "focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-500/30 " +
  "disabled:cursor-not-allowed disabled:bg-zinc-100 disabled:text-zinc-500 " +
  "aria-[invalid=true]:border-red-500 aria-[invalid=true]:focus:outline-red-500/30";

export function Input({ className, type = "text", ...props }: ComponentProps<"input">) {
  return (
    <input
      type={type}
      className={cn(
        fieldBase,
        "h-9 py-1",
        type === "file" &&
          "h-auto py-1.5 file:mr-3 file:rounded file:border-0 file:bg-zinc-100 file:px-2 file:py-1 file:text-xs",
        className,
      )}
      {...props}
    />
  );
}

export function Textarea({ className, rows = 4, ...props }: ComponentProps<"textarea">) {
  return (
    <textarea rows={rows} className={cn(fieldBase, "min-h-20 py-2 leading-relaxed", className)} {...props} />
  );
}
