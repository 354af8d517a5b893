import Link from "next/link";
import { X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import {
  FIELD_ENUMS,
  FIELD_LABELS,
  FILTER_FIELDS,
  WINDOW_PRESETS,
  filterToSearchParams,
  withTerm,
  type DecisionFilter,
  type FilterField,
  type Term,
} from "@/lib/explorer/filter";

// The explorer's filter form: a plain GET form over the one filter grammar, so every state is a
// URL (shareable, bookmarkable, the same string the API and exports take).

const termText = (t: Term | undefined) =>
  t ? [...t.include, ...t.exclude.map((v) => `!${v}`)].join(",") : "";
const local = (d: Date) => d.toISOString().slice(0, 16);

const TEXT_FIELDS = FILTER_FIELDS.filter((f) => !FIELD_ENUMS[f]);
const HINTS: Partial<Record<FilterField, string>> = {
  subject: "name, id or type:id",
  obo: "human actor id",
  agent: "agent name or id",
  resource: "type:id",
  policy: "policy id; !id excludes",
  version: "hash or prefix",
  reason: "text",
  trace: "W3C trace id",
};

export function FilterBar({ filter }: { filter: DecisionFilter }) {
  const chips = (Object.entries(filter.terms) as [FilterField, Term][]).map(([field, t]) => ({
    field,
    text: termText(t),
    href: `/decisions?${filterToSearchParams(withTerm(filter, field, null))}`,
  }));
  return (
    <form
      method="get"
      action="/decisions"
      className="mb-4 space-y-3 rounded-lg border border-zinc-200 bg-white p-4"
      aria-label="Filter decisions"
    >
      <div className="flex flex-wrap items-end gap-3">
        <div>
          <Label htmlFor="f-window">Time window</Label>
          <select
            id="f-window"
            name="window"
            defaultValue={filter.preset ?? ""}
            className="mt-1 block h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm"
          >
            {Object.keys(WINDOW_PRESETS).map((p) => (
              <option key={p} value={p}>
                last {p}
              </option>
            ))}
            <option value="">custom (from / to)</option>
          </select>
        </div>
        <div>
          <Label htmlFor="f-from">From (UTC)</Label>
          <Input
            id="f-from"
            name="from"
            type="datetime-local"
            defaultValue={filter.preset ? "" : local(filter.from)}
            className="mt-1 h-9"
          />
        </div>
        <div>
          <Label htmlFor="f-to">To (UTC)</Label>
          <Input
            id="f-to"
            name="to"
            type="datetime-local"
            defaultValue={filter.preset ? "" : local(filter.to)}
            className="mt-1 h-9"
          />
        </div>
        {(["decision", "kind"] as const).map((f) => (
          <fieldset key={f} className="flex items-center gap-2">
            <legend className="mb-1 text-sm font-medium text-zinc-800">{FIELD_LABELS[f]}</legend>
            {FIELD_ENUMS[f]!.map((v) => (
              <label key={v} className="flex items-center gap-1 text-sm text-zinc-700">
                <input
                  type="checkbox"
                  name={f}
                  value={v}
                  defaultChecked={filter.terms[f]?.include.includes(v)}
                  className="size-4 rounded border-zinc-300"
                />
                {v.toLowerCase()}
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-6">
        {TEXT_FIELDS.map((f) => (
          <div key={f}>
            <Label htmlFor={`f-${f}`}>{FIELD_LABELS[f]}</Label>
            <Input
              id={`f-${f}`}
              name={f}
              defaultValue={termText(filter.terms[f])}
              placeholder={HINTS[f] ?? ""}
              className="mt-1 h-9"
            />
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" size="sm">
          Apply
        </Button>
        <Link href="/decisions" className="text-sm text-zinc-600 underline-offset-2 hover:underline">
          Reset
        </Link>
        <span className="text-xs text-zinc-500">
          Comma = or; fields combine with and; a leading ! excludes.
        </span>
        {chips.map((c) => (
          <Link
            key={c.field}
            href={c.href}
            className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-xs text-indigo-800 ring-1 ring-indigo-200 ring-inset"
            aria-label={`Remove ${FIELD_LABELS[c.field]} filter`}
          >
            {FIELD_LABELS[c.field]}: {c.text} <X className="size-3" aria-hidden />
          </Link>
        ))}
      </div>
    </form>
  );
}
