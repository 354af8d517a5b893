// An agent's tool boundary: which tools, which actions on each, which data scopes. Edited as
// text, one tool per line — `tool: action, action! | scope, scope` — and stored as JSON. An
// action marked `!` is inside the boundary but needs a human's approval each time.

export type BoundaryEntry = { tool: string; actions: string[]; dataScopes: string[]; approve?: string[] };

const NAME = /^[A-Za-z0-9_.:\-/]{1,80}$/;

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/** Parses the boundary text; returns the entries or the first line that is wrong and why. */
export function parseBoundary(
  text: string,
): { ok: true; entries: BoundaryEntry[] } | { ok: false; error: string } {
  const entries: BoundaryEntry[] = [];
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  if (lines.length > 100) return { ok: false, error: "At most 100 tools." };
  for (const [i, line] of lines.entries()) {
    const [head, scopes] = line.split("|");
    const colon = head.indexOf(":");
    const tool = (colon < 0 ? head : head.slice(0, colon)).trim();
    const marked = colon < 0 ? [] : list(head.slice(colon + 1));
    const actions = marked.map((a) => a.replace(/!$/, ""));
    const approve = marked.filter((a) => a.endsWith("!")).map((a) => a.slice(0, -1));
    const dataScopes = list(scopes);
    if (!NAME.test(tool))
      return {
        ok: false,
        error: `Line ${i + 1}: "${tool}" is not a tool name (letters, digits, _ . : - /).`,
      };
    const bad = [...actions, ...dataScopes].find((x) => !NAME.test(x));
    if (bad) return { ok: false, error: `Line ${i + 1}: "${bad}" is not a valid action or scope name.` };
    if (entries.some((e) => e.tool === tool))
      return { ok: false, error: `Line ${i + 1}: ${tool} is listed twice.` };
    entries.push({
      tool,
      actions: [...new Set(actions)],
      dataScopes: [...new Set(dataScopes)],
      ...(approve.length ? { approve: [...new Set(approve)] } : {}),
    });
  }
  return { ok: true, entries };
}

export function formatBoundary(entries: BoundaryEntry[]): string {
  const mark = (e: BoundaryEntry, a: string) => (e.approve?.includes(a) ? `${a}!` : a);
  return entries
    .map(
      (e) =>
        `${e.tool}${e.actions.length ? `: ${e.actions.map((a) => mark(e, a)).join(", ")}` : ""}${e.dataScopes.length ? ` | ${e.dataScopes.join(", ")}` : ""}`,
    )
    .join("\n");
}

/** Reads the stored JSON defensively (older rows hold `[]`, imports may hold anything). */
export function boundaryOf(json: unknown): BoundaryEntry[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((e) => {
    if (!e || typeof e !== "object" || typeof (e as { tool?: unknown }).tool !== "string") return [];
    const strs = (v: unknown) =>
      Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
    const o = e as { tool: string; actions?: unknown; dataScopes?: unknown; approve?: unknown };
    const approve = strs(o.approve);
    return [
      {
        tool: o.tool,
        actions: strs(o.actions),
        dataScopes: strs(o.dataScopes),
        ...(approve.length ? { approve } : {}),
      },
    ];
  });
}

/**
 * Where does this operation on this tool stand? A tool listed without actions allows any;
 * a tool listed with actions needs the operation named and listed.
 */
export function boundaryCheck(
  entries: BoundaryEntry[],
  tool: string,
  operation: string | null,
): { ok: true; approval: boolean } | { ok: false; reason: string } {
  const e = entries.find((x) => x.tool === tool);
  if (!e) return { ok: false, reason: `tool ${tool} is outside the agent's boundary` };
  if (e.actions.length === 0) return { ok: true, approval: false };
  if (!operation)
    return {
      ok: false,
      reason: `name the tool operation (context.operation); ${tool} allows ${e.actions.join(", ")}`,
    };
  if (!e.actions.includes(operation))
    return { ok: false, reason: `operation ${operation} on ${tool} is outside the agent's boundary` };
  return { ok: true, approval: !!e.approve?.includes(operation) };
}

/** Field-by-field diff of two plain records, for the ledger. */
export function diff(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
      out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}
