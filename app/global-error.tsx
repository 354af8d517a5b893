"use client";

import "./globals.css";

/** Last resort when the root layout itself fails: plain HTML, a request reference, no stack trace. */
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 font-sans text-zinc-900">
        <div className="max-w-md text-center">
          <h1 className="text-xl font-semibold">Triad is unavailable</h1>
          <p className="mt-2 text-sm text-zinc-600">Something went wrong on our side. Nothing was changed.</p>
          {error.digest ? (
            <p className="mt-3 font-mono text-xs text-zinc-500">Reference: {error.digest}</p>
          ) : null}
          <button
            type="button"
            onClick={reset}
            className="mt-6 rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700"
          >
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
