"use client";

import { Toaster as Sonner } from "sonner";

/** Mounted once in app/layout.tsx. Call `toast.success("…")` from "@/components/ui/toaster" in client code. */
export function Toaster() {
  return <Sonner position="bottom-right" richColors closeButton toastOptions={{ className: "text-sm" }} />;
}

export { toast } from "sonner";
