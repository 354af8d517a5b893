"use client";

import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { X } from "lucide-react";
import { cn } from "./cn";

type DialogProps = {
  title: ReactNode;
  description?: ReactNode;
  /** Element that opens the dialog when clicked (uncontrolled use). */
  trigger?: ReactNode;
  /** Controlled use: `open` + `onOpenChange`. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Content; a function receives `close()` (e.g. after a successful submit). */
  children?: ReactNode | ((close: () => void) => ReactNode);
  footer?: ReactNode | ((close: () => void) => ReactNode);
  className?: string;
};

/**
 * A modal on the native <dialog> element: focus is trapped and restored by the browser,
 * Escape and a backdrop click close it.
 */
export function Dialog({
  title,
  description,
  trigger,
  open: openProp,
  onOpenChange,
  children,
  footer,
  className,
}: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [innerOpen, setInnerOpen] = useState(false);
  const open = openProp ?? innerOpen;
  const setOpen = (next: boolean) => {
    if (openProp === undefined) setInnerOpen(next);
    onOpenChange?.(next);
  };
  const close = () => setOpen(false);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);

  return (
    <>
      {trigger ? (
        <span className="contents" onClick={() => setOpen(true)}>
          {trigger}
        </span>
      ) : null}
      <dialog
        ref={ref}
        aria-labelledby={titleId}
        onClose={() => open && setOpen(false)}
        onClick={(e) => {
          if (e.target === e.currentTarget) close();
        }}
        className={cn(
          "open:animate-fade-in m-auto w-[calc(100%-2rem)] max-w-lg rounded-lg border border-zinc-200 bg-white p-0 text-zinc-900 shadow-xl",
          className,
        )}
      >
        {open ? (
          <div className="flex flex-col">
            <div className="flex items-start justify-between gap-4 border-b border-zinc-100 px-5 py-4">
              <div>
                <h2 id={titleId} className="text-base font-semibold">
                  {title}
                </h2>
                {description ? <p className="mt-1 text-sm text-zinc-500">{description}</p> : null}
              </div>
              <button
                type="button"
                onClick={close}
                className="rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900"
                aria-label="Close"
              >
                <X className="size-4" />
              </button>
            </div>
            <div className="px-5 py-4">{typeof children === "function" ? children(close) : children}</div>
            {footer ? (
              <div className="flex justify-end gap-2 border-t border-zinc-100 px-5 py-3">
                {typeof footer === "function" ? footer(close) : footer}
              </div>
            ) : null}
          </div>
        ) : null}
      </dialog>
    </>
  );
}
