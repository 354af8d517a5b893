import { isStorableDate, isStorableText } from "@/lib/db/storable";
import { z } from "zod";
import { Invalid } from "@/lib/errors";

// The one filter grammar of the decision explorer. It drives the page's URL, GET /api/v1/decisions
// and the exports, so a view shared as a link, pulled by a collector or exported is the same set.
//
//   ?window=24h | ?from=2026-11-01T00:00Z&to=2026-11-02T00:00Z     (mandatory window, ≤ 31 days)
//   &decision=deny&kind=AGENT&agent=<id>&obo=<human id>&policy=!forbid-x&reason=mfa,stale
//
// Within a field values are ORed (comma-separated or the key repeated); across fields ANDed; a
// value starting with "!" negates (NOT any of the negated values). Unknown keys are refused.

export const WINDOW_PRESETS = {
  "15m": 15 * 60_000,
  "1h": 3_600_000,
  "24h": 86_400_000,
  "7d": 7 * 86_400_000,
  "30d": 30 * 86_400_000,
} as const;
export type WindowPreset = keyof typeof WINDOW_PRESETS;
export const DEFAULT_WINDOW: WindowPreset = "24h";
export const MAX_WINDOW_MS = 31 * 86_400_000;
export const MAX_VALUES = 50;
const MAX_VALUE_LENGTH = 200;

export const FILTER_FIELDS = [
  "kind",
  "subject",
  "obo",
  "agent",
  "action",
  "resourceType",
  "resource",
  "decision",
  "policy",
  "version",
  "client",
  "reason",
  "trace",
] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FIELD_LABELS: Record<FilterField, string> = {
  kind: "Actor kind",
  subject: "Subject",
  obo: "On behalf of",
  agent: "Agent",
  action: "Action",
  resourceType: "Resource type",
  resource: "Resource",
  decision: "Decision",
  policy: "Policy",
  version: "Policy-set version",
  client: "API client",
  reason: "Reason",
  trace: "Trace id",
};

/** The values a field may take, when it is an enumeration (case-insensitive in the URL). */
export const FIELD_ENUMS: Partial<Record<FilterField, readonly string[]>> = {
  kind: ["HUMAN", "NHI", "AGENT"],
  decision: ["ALLOW", "DENY", "ERROR"],
};

export type Term = { include: string[]; exclude: string[] };
export type DecisionFilter = {
  from: Date;
  to: Date;
  /** The preset the window came from, kept so a link stays relative ("last 24 h"). */
  preset: WindowPreset | null;
  terms: Partial<Record<FilterField, Term>>;
};

const PAGING_KEYS = ["cursor", "size", "page", "format", "stream", "open", "replay"] as const;
const WINDOW_KEYS = ["window", "from", "to"] as const;

type Raw = Record<string, string | string[] | undefined> | URLSearchParams;

function entries(raw: Raw): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // Empty values (an unfilled form field) mean "not given".
  const add = (k: string, v: string) => v.trim() !== "" && out.set(k, [...(out.get(k) ?? []), v]);
  if (raw instanceof URLSearchParams) raw.forEach((v, k) => add(k, v));
  else
    for (const [k, v] of Object.entries(raw))
      for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) add(k, one);
  return out;
}

const isoDate = z
  .string()
  .trim()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), "is not a date (use ISO 8601, e.g. 2026-11-30T09:00:00Z)")
  // Refused here rather than failing the query or an export part-way.
  .refine((s) => isStorableDate(new Date(s)), "is not a date between the years 1 and 9999")
  .transform((s) => new Date(s));

const valueList = (field: FilterField) =>
  z
    .array(z.string())
    .transform((vs) =>
      vs
        .flatMap((v) => v.split(","))
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(
          z
            .string()
            .max(
              MAX_VALUE_LENGTH,
              `a ${FIELD_LABELS[field].toLowerCase()} value is longer than ${MAX_VALUE_LENGTH} characters`,
            )
            // Refused here rather than failing the query.
            .refine(
              (v) => isStorableText(v),
              `a ${FIELD_LABELS[field].toLowerCase()} value holds a NUL character`,
            ),
        )
        .max(MAX_VALUES, `${FIELD_LABELS[field]}: at most ${MAX_VALUES} values`),
    );

/** The zod schema of the whole grammar: one object, strict (an unknown key is an error). */
export const decisionFilterSchema = z
  .object({
    window: z
      .enum(Object.keys(WINDOW_PRESETS) as [WindowPreset, ...WindowPreset[]], {
        message: `window: use one of ${Object.keys(WINDOW_PRESETS).join(", ")}, or from and to`,
      })
      .optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    ...(Object.fromEntries(FILTER_FIELDS.map((f) => [f, valueList(f).optional()])) as Record<
      FilterField,
      z.ZodOptional<ReturnType<typeof valueList>>
    >),
  })
  .strict();

export type ParseOptions = { now?: Date; requireWindow?: boolean };

function term(field: FilterField, values: string[]): Term | null {
  const allowed = FIELD_ENUMS[field];
  const norm = (v: string) => {
    if (!allowed) return v;
    const up = v.toUpperCase();
    if (!allowed.includes(up))
      throw new Invalid(
        `${FIELD_LABELS[field]}: "${v}" is not one of ${allowed.map((a) => a.toLowerCase()).join(", ")}`,
      );
    return up;
  };
  const include: string[] = [];
  const exclude: string[] = [];
  for (const v of values) {
    if (v.startsWith("!")) {
      const rest = v.slice(1).trim();
      if (rest) exclude.push(norm(rest));
    } else include.push(norm(v));
  }
  return include.length || exclude.length
    ? { include: [...new Set(include)], exclude: [...new Set(exclude)] }
    : null;
}

/**
 * Parses a query (URL search params or a record) into a filter; throws Invalid with a message a
 * caller can act on. Paging and view keys (cursor, size, page, format, stream, open, replay) are allowed and ignored here.
 */
export function parseDecisionFilter(raw: Raw, opts: ParseOptions = {}): DecisionFilter {
  const map = entries(raw);
  const input: Record<string, unknown> = {};
  for (const [k, vs] of map) {
    if ((PAGING_KEYS as readonly string[]).includes(k)) continue;
    if (vs.length > MAX_VALUES) throw new Invalid(`${k}: at most ${MAX_VALUES} values`);
    input[k] = (WINDOW_KEYS as readonly string[]).includes(k) ? vs[vs.length - 1] : vs;
  }
  const parsed = decisionFilterSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === "unrecognized_keys")
      throw new Invalid(
        `unknown filter field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}; use ${[...WINDOW_KEYS, ...FILTER_FIELDS].join(", ")}`,
      );
    throw new Invalid(`${issue.path.join(".") || "filter"}: ${issue.message}`);
  }
  const p = parsed.data;
  const now = opts.now ?? new Date();
  let from: Date;
  let to: Date;
  let preset: WindowPreset | null = null;
  if (p.from || p.to) {
    if (!p.from || !p.to) throw new Invalid("a custom window needs both from and to");
    if (p.window) throw new Invalid("give either window or from and to, not both");
    ({ from, to } = p);
    if (to <= from) throw new Invalid("the window ends before it starts");
  } else if (p.window || !opts.requireWindow) {
    preset = p.window ?? DEFAULT_WINDOW;
    to = now;
    from = new Date(now.getTime() - WINDOW_PRESETS[preset]);
  } else {
    throw new Invalid(
      `a time window is required: window=${Object.keys(WINDOW_PRESETS).join("|")} or from and to (at most 31 days)`,
    );
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_MS)
    throw new Invalid("the window is longer than 31 days; narrow it");
  const terms: DecisionFilter["terms"] = {};
  for (const f of FILTER_FIELDS) {
    const t = p[f] ? term(f, p[f]) : null;
    if (t) terms[f] = t;
  }
  return { from, to, preset, terms };
}

/** The filter as URL search params (the inverse of parseDecisionFilter), for links and exports. */
export function filterToSearchParams(
  filter: DecisionFilter,
  extra: Record<string, string | null | undefined> = {},
): URLSearchParams {
  const sp = new URLSearchParams();
  if (filter.preset) sp.set("window", filter.preset);
  else {
    sp.set("from", filter.from.toISOString());
    sp.set("to", filter.to.toISOString());
  }
  for (const f of FILTER_FIELDS) {
    const t = filter.terms[f];
    if (!t) continue;
    for (const v of t.include) sp.append(f, v);
    for (const v of t.exclude) sp.append(f, `!${v}`);
  }
  for (const [k, v] of Object.entries(extra)) if (v) sp.set(k, v);
  return sp;
}

/** Replaces one field's values (for facet clicks and pivots). */
export function withTerm(filter: DecisionFilter, field: FilterField, t: Term | null): DecisionFilter {
  const terms = { ...filter.terms };
  if (t && (t.include.length || t.exclude.length)) terms[field] = t;
  else delete terms[field];
  return { ...filter, terms };
}

/** The keyset cursor: the last row's (at, seq), opaque to callers. */
export function encodeCursor(at: Date, seq: bigint | string): string {
  return Buffer.from(`${at.getTime()}.${seq}`).toString("base64url");
}

const MAX_BIGINT = 2n ** 63n - 1n;

export function decodeCursor(cursor: string | null | undefined): { at: Date; seq: bigint } | null {
  if (!cursor) return null;
  const text =
    cursor.length <= 64 && /^[A-Za-z0-9_-]+$/.test(cursor) ? Buffer.from(cursor, "base64url").toString() : "";
  const m = /^(\d{1,15})\.(\d{1,19})$/.exec(text);
  // 19 digits can exceed bigint (2^63 - 1), which PostgreSQL refuses: malformed here, not a 503.
  if (!m || BigInt(m[2]) > MAX_BIGINT)
    throw new Invalid("cursor: malformed; pass back the next_cursor of the previous page unchanged");
  return { at: new Date(Number(m[1])), seq: BigInt(m[2]) };
}
