import Link from "next/link";
import {
  FIELD_LABELS,
  filterToSearchParams,
  withTerm,
  type DecisionFilter,
  type FilterField,
} from "@/lib/explorer/filter";
import type { FacetCounts } from "@/lib/explorer/queries";

const ORDER: FilterField[] = ["decision", "kind", "action", "resourceType", "client", "policy"];
const nf = new Intl.NumberFormat("en");

/** Counts per value in the window, from the hourly roll-up; a click filters to that value. */
export function Facets({
  filter,
  facets,
  total,
  ignored,
}: {
  filter: DecisionFilter;
  facets: FacetCounts;
  total: number;
  ignored: FilterField[];
}) {
  return (
    <aside aria-label="Facet counts" className="space-y-4 text-sm">
      <p className="text-zinc-600">
        <span className="font-semibold text-zinc-900">{nf.format(total)}</span> decisions in the window
        {ignored.length ? (
          <span className="block text-xs text-zinc-500">
            Counts leave out the {ignored.map((f) => FIELD_LABELS[f].toLowerCase()).join(", ")} filter (not in
            the roll-up).
          </span>
        ) : null}
      </p>
      {ORDER.map((field) => {
        const list = facets[field] ?? [];
        if (!list.length) return null;
        const selected = filter.terms[field]?.include ?? [];
        return (
          <section key={field}>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              {FIELD_LABELS[field]}
            </h3>
            <ul className="space-y-0.5">
              {list.map((f) => {
                const on = selected.includes(f.value);
                const next = withTerm(filter, field, on ? null : { include: [f.value], exclude: [] });
                return (
                  <li key={f.value || "(none)"}>
                    <Link
                      href={`/decisions?${filterToSearchParams(next)}`}
                      aria-current={on ? "true" : undefined}
                      className={`flex justify-between gap-2 rounded px-1.5 py-0.5 hover:bg-zinc-100 ${on ? "bg-indigo-50 font-medium text-indigo-900" : "text-zinc-700"}`}
                    >
                      <span className="truncate">
                        {f.value
                          ? field === "decision" || field === "kind"
                            ? f.value.toLowerCase()
                            : f.value
                          : "(none)"}
                      </span>
                      <span className="text-zinc-500 tabular-nums">{nf.format(f.count)}</span>
                    </Link>
                  </li>
                );
              })}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
