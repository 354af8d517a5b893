"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useTransition } from "react";

/** Reads and writes the list's URL search params; every change replaces the URL without scrolling. */
export function useTableUrl() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, startTransition] = useTransition();

  /** Set (string), delete (null) keys. Unless `keepPage`, paging resets to the first page. */
  const update = useCallback(
    (changes: Record<string, string | null>, opts: { keepPage?: boolean } = {}) => {
      const next = new URLSearchParams(searchParams.toString());
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === "") next.delete(k);
        else next.set(k, v);
      }
      if (!opts.keepPage) {
        next.delete("page");
        next.delete("cursor");
      }
      // Keep commas readable in the address bar (?kind=HUMAN,NHI); they are safe in a query string.
      const qs = next.toString().replaceAll("%2C", ",");
      startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
    [pathname, router, searchParams],
  );

  const get = useCallback((key: string) => searchParams.get(key), [searchParams]);
  const getList = useCallback(
    (key: string) =>
      searchParams
        .getAll(key)
        .flatMap((v) => v.split(","))
        .filter(Boolean),
    [searchParams],
  );

  return { update, get, getList, pending, searchParams };
}
