"use client";

import Link from "next/link";
import { useState, useTransition } from "react";
import { Bookmark, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/actions/result";

type View = { id: string; name: string; query: string };

export function SavedViews({
  views,
  query,
  save,
  remove,
}: {
  views: View[];
  query: string;
  save: (i: { name: string; query: string }) => Promise<ActionResult<{ id: string }>>;
  remove: (i: { id: string }) => Promise<ActionResult<{ id: string }>>;
}) {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <section aria-label="Saved views" className="space-y-2 text-sm">
      <h3 className="text-xs font-semibold tracking-wide text-zinc-500 uppercase">Saved views</h3>
      <ul className="space-y-0.5">
        {views.map((v) => (
          <li key={v.id} className="flex items-center justify-between gap-2">
            <Link href={`/decisions?${v.query}`} className="truncate text-indigo-700 hover:underline">
              {v.name}
            </Link>
            <button
              type="button"
              aria-label={`Delete view ${v.name}`}
              className="text-zinc-400 hover:text-red-600"
              onClick={() => start(async () => void (await remove({ id: v.id })))}
            >
              <Trash2 className="size-3.5" aria-hidden />
            </button>
          </li>
        ))}
        {views.length === 0 ? <li className="text-xs text-zinc-500">None yet.</li> : null}
      </ul>
      <form
        className="flex gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await save({ name, query });
            setError(r.ok ? null : r.error);
            if (r.ok) setName("");
          });
        }}
      >
        <Input
          aria-label="Name of this view"
          placeholder="Name this view"
          value={name}
          onChange={(e) => setName(e.target.value)}
          className="h-8 text-xs"
        />
        <Button type="submit" size="sm" variant="outline" loading={pending} aria-label="Save this view">
          <Bookmark className="size-3.5" aria-hidden />
        </Button>
      </form>
      {error ? <p className="text-xs text-red-700">{error}</p> : null}
    </section>
  );
}
