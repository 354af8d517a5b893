"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";
import { Popover } from "./popover";
import { buttonVariants, type ButtonSize, type ButtonVariant } from "./button";

export type MenuItem =
  | {
      type?: "item";
      label: ReactNode;
      icon?: ReactNode;
      onSelect?: () => void;
      href?: string;
      destructive?: boolean;
      disabled?: boolean;
    }
  | { type: "separator" }
  | { type: "label"; label: ReactNode };

/** A button that opens a list of actions or links. */
export function DropdownMenu({
  trigger,
  items,
  align = "end",
  variant = "outline",
  size = "sm",
  label,
}: {
  trigger: ReactNode;
  items: MenuItem[];
  align?: "start" | "end";
  variant?: ButtonVariant;
  size?: ButtonSize;
  label?: string;
}) {
  return (
    <Popover
      trigger={trigger}
      align={align}
      label={label}
      triggerClassName={buttonVariants({ variant, size })}
    >
      {(close) => (
        <ul role="menu" className="flex flex-col">
          {items.map((item, i) => {
            if (item.type === "separator")
              return <li key={i} role="separator" className="my-1 h-px bg-zinc-100" />;
            if (item.type === "label")
              return (
                <li key={i} className="px-2 py-1.5 text-xs font-medium text-zinc-500">
                  {item.label}
                </li>
              );
            const cls = cn(
              "flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-sm hover:bg-zinc-100 disabled:opacity-50 [&_svg]:size-4",
              item.destructive ? "text-red-600" : "text-zinc-800",
            );
            return (
              <li key={i} role="none">
                {item.href ? (
                  <Link role="menuitem" href={item.href} className={cls} onClick={close}>
                    {item.icon}
                    {item.label}
                  </Link>
                ) : (
                  <button
                    role="menuitem"
                    type="button"
                    disabled={item.disabled}
                    className={cls}
                    onClick={() => {
                      close();
                      item.onSelect?.();
                    }}
                  >
                    {item.icon}
                    {item.label}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Popover>
  );
}
