"use client";

import { useEffect } from "react";
import { AlertTriangle, RotateCw } from "lucide-react";
import { Button, ButtonLink } from "@/components/ui/button";

/** Unexpected errors inside the console: a calm message and the request id, never a stack trace. */
export default function ConsoleError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error("[triad] page error", error.digest ?? "");
  }, [error]);
  return (
    <div className="mx-auto mt-16 max-w-md rounded-lg border border-zinc-200 bg-white p-8 text-center shadow-xs">
      <div className="mx-auto mb-4 flex size-12 items-center justify-center rounded-full bg-red-50 text-red-600">
        <AlertTriangle className="size-6" aria-hidden />
      </div>
      <h1 className="text-lg font-semibold text-zinc-900">Something went wrong</h1>
      <p className="mt-2 text-sm text-zinc-600">
        This page could not be shown. Nothing was changed. Try again, and if it keeps happening, give your
        administrator the reference below.
      </p>
      {error.digest ? (
        <p className="mt-4 font-mono text-xs text-zinc-500">
          Reference: <span className="select-all">{error.digest}</span>
        </p>
      ) : null}
      <div className="mt-6 flex justify-center gap-2">
        <Button onClick={reset}>
          <RotateCw aria-hidden /> Try again
        </Button>
        <ButtonLink href="/" variant="outline">
          Dashboard
        </ButtonLink>
      </div>
    </div>
  );
}
