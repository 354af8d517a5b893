import { isStorableText } from "@/lib/db/storable";
import { z } from "zod";

/**
 * The URL contract of every server-driven list (shared by the DataTable client component):
 *   ?page=2&size=50&sort=createdAt.desc,displayName.asc&q=billing&kind=HUMAN,NHI&cursor=…
 * - page: 1-based; size: 1..maxSize (default 50, max 200)
 * - sort: comma-separated `<columnId>.<asc|desc>`, multi-column in priority order
 * - q: free-text search (trimmed, ≤ 200 chars)
 * - every filter: its own key, comma-separated values (repeated keys are merged too)
 * - cursor: opaque keyset cursor (≤ 512 chars) for lists that page by key instead of offset
 * Anything not on the page's allow-list is dropped silently, so hand-edited URLs never fail.
 */
export type SortSpec = { id: string; desc: boolean };

export type TableParams = {
  page: number;
  size: number;
  sort: SortSpec[];
  q: string;
  filters: Record<string, string[]>;
  cursor: string | null;
};

export type TableConfig = {
  /** Column ids the server knows how to order by. */
  sortable: readonly string[];
  /** Filter ids → allowed values (an enum), or "text" for free values (each ≤ 200 chars). */
  filterable?: Readonly<Record<string, readonly string[] | "text">>;
  defaultSort?: readonly SortSpec[];
  defaultSize?: number;
  maxSize?: number;
  /** At most this many sort keys (default 3). */
  maxSortKeys?: number;
};

export type RawSearchParams = URLSearchParams | Record<string, string | string[] | undefined>;

export const TABLE_KEYS = ["page", "size", "sort", "q", "cursor"] as const;
const MAX_VALUES_PER_FILTER = 50;

function values(raw: RawSearchParams, key: string): string[] {
  const got = raw instanceof URLSearchParams ? raw.getAll(key) : raw[key];
  if (got === undefined) return [];
  return (
    (Array.isArray(got) ? got : [got])
      .flatMap((v) => v.split(","))
      .map((v) => v.trim())
      // Text PostgreSQL cannot hold (NUL) is dropped like any value the page cannot use.
      .filter((v) => v && isStorableText(v))
  );
}

function first(raw: RawSearchParams, key: string): string | undefined {
  const got = raw instanceof URLSearchParams ? (raw.get(key) ?? undefined) : raw[key];
  return Array.isArray(got) ? got[0] : got;
}

const intIn = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).catch(fallback);

export function parseTableParams(raw: RawSearchParams, config: TableConfig): TableParams {
  const maxSize = Math.min(config.maxSize ?? 200, 200);
  const defaultSize = Math.min(config.defaultSize ?? 50, maxSize);

  const page = intIn(1, 1_000_000, 1).parse(first(raw, "page") ?? 1);
  const size = intIn(1, maxSize, defaultSize).parse(first(raw, "size") ?? defaultSize);

  const sortable = new Set(config.sortable);
  const sort: SortSpec[] = [];
  for (const token of values(raw, "sort")) {
    const dot = token.lastIndexOf(".");
    const id = dot > 0 ? token.slice(0, dot) : token;
    const dir = dot > 0 ? token.slice(dot + 1).toLowerCase() : "asc";
    if (!sortable.has(id) || (dir !== "asc" && dir !== "desc")) continue;
    if (sort.some((s) => s.id === id)) continue;
    sort.push({ id, desc: dir === "desc" });
    if (sort.length >= (config.maxSortKeys ?? 3)) break;
  }

  const q = z
    .string()
    .trim()
    .max(200)
    .refine(isStorableText)
    .catch("")
    .parse(first(raw, "q") ?? "");

  const filters: Record<string, string[]> = {};
  for (const [id, allowed] of Object.entries(config.filterable ?? {})) {
    if ((TABLE_KEYS as readonly string[]).includes(id)) continue;
    const picked = [...new Set(values(raw, id))]
      .filter((v) => (allowed === "text" ? v.length <= 200 : allowed.includes(v)))
      .slice(0, MAX_VALUES_PER_FILTER);
    if (picked.length) filters[id] = picked;
  }

  const cursor =
    z
      .string()
      .max(512)
      .regex(/^[\w\-.:=+/~]+$/)
      .catch("")
      .parse(first(raw, "cursor") ?? "") || null;

  return { page, size, sort: sort.length ? sort : [...(config.defaultSort ?? [])], q, filters, cursor };
}

/** take/skip for offset paging. */
export function offsetOf(params: Pick<TableParams, "page" | "size">): { skip: number; take: number } {
  return { skip: (params.page - 1) * params.size, take: params.size };
}

/**
 * Turns the parsed sort into a Prisma `orderBy` array, using one builder per sortable column,
 * and appends a unique tiebreaker (e.g. `{ id: "asc" }`) so paging is stable.
 *   toOrderBy(params.sort, { name: (d) => ({ displayName: d }), platform: (d) => ({ nhi: { platform: d } }) }, { id: "asc" })
 */
export function toOrderBy<T>(
  sort: readonly SortSpec[],
  builders: Readonly<Record<string, (dir: "asc" | "desc") => T>>,
  tiebreaker?: T,
): T[] {
  const out: T[] = [];
  for (const s of sort) {
    const build = builders[s.id];
    if (build) out.push(build(s.desc ? "desc" : "asc"));
  }
  if (tiebreaker !== undefined) out.push(tiebreaker);
  return out;
}

/** Serializes params back to a query string (for links such as "export this view"). */
export function toSearchString(params: Partial<TableParams>): string {
  const sp = new URLSearchParams();
  if (params.q) sp.set("q", params.q);
  for (const [id, vals] of Object.entries(params.filters ?? {})) if (vals.length) sp.set(id, vals.join(","));
  if (params.sort?.length)
    sp.set("sort", params.sort.map((s) => `${s.id}.${s.desc ? "desc" : "asc"}`).join(","));
  if (params.page && params.page > 1) sp.set("page", String(params.page));
  if (params.size) sp.set("size", String(params.size));
  if (params.cursor) sp.set("cursor", params.cursor);
  const s = sp.toString();
  return s ? `?${s}` : "";
}

/** Page count for "page X of Y". */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}
