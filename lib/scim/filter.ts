import { ScimError } from "./errors";

// The SCIM filters IdPs send for provisioning: `attr eq "value"` (optionally joined with `and`).
export type ScimFilter = { attr: string; value: string }[];

const TERM = /^\s*([A-Za-z][\w.:]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

export function parseFilter(raw: string | null, allowed: readonly string[]): ScimFilter {
  if (!raw || !raw.trim()) return [];
  if (raw.length > 1000) throw new ScimError(400, "Filter is too long.", "invalidFilter");
  const terms = raw.split(/\s+and\s+/i);
  return terms.map((t) => {
    const m = TERM.exec(t);
    if (!m) throw new ScimError(400, `Unsupported filter "${t.trim().slice(0, 100)}": use attribute eq "value".`, "invalidFilter");
    const attr = allowed.find((a) => a.toLowerCase() === m[1].toLowerCase());
    if (!attr) throw new ScimError(400, `Filtering on "${m[1].slice(0, 60)}" is not supported (supported: ${allowed.join(", ")}).`, "invalidFilter");
    return { attr, value: m[2].replace(/\\(.)/g, "$1") };
  });
}

export function parsePaging(url: URL): { startIndex: number; count: number } {
  const int = (name: string, fallback: number) => {
    const v = url.searchParams.get(name);
    if (v === null || v === "") return fallback;
    const n = Number(v);
    if (!Number.isInteger(n)) throw new ScimError(400, `${name} must be an integer.`, "invalidValue");
    return n;
  };
  // RFC 7644 §3.4.2.4: startIndex < 1 is treated as 1; negative count as 0.
  return { startIndex: Math.max(1, int("startIndex", 1)), count: Math.min(200, Math.max(0, int("count", 100))) };
}
