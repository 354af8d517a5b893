import { isUuid } from "@/lib/ids";
import { ScimError } from "./errors";

// The group PATCHes IdPs send most, one member or a few at a time (Entra: add/remove with a value
// list; Okta: add a list, remove `members[value eq "…"]`), read as a set difference so that a
// 10,000-member group is changed without loading its member list. Any other shape (renames,
// replace, other filters, unexpected keys) returns null: the generic PATCH path handles it and
// gives the precise error.

export type MemberDelta = {
  /** Ids that end up members. */
  add: string[];
  /** Ids that end up not members. */
  remove: string[];
  /** Ids removed before this request added them: each must be a member now, or it is a noTarget. */
  mustBeMembers: string[];
};

const FILTER = /^members\s*\[\s*value\s+eq\s+"([0-9a-fA-F-]{36})"\s*\]$/i;

function idsOf(value: unknown): string[] | null {
  const list = Array.isArray(value) ? value : [value];
  const ids: string[] = [];
  for (const item of list) {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return null;
    const { value: id, ...rest } = item as Record<string, unknown>;
    // display/$ref/type are read-only and ignored, as on the generic path.
    if (Object.keys(rest).some((k) => !["display", "$ref", "type"].includes(k))) return null;
    if (typeof id !== "string" || !isUuid(id)) return null;
    ids.push(id.toLowerCase());
  }
  return ids;
}

export function memberDelta(body: unknown): MemberDelta | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const ops = (body as Record<string, unknown>).Operations ?? (body as Record<string, unknown>).operations;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > 1000) return null;
  // Each id's state through the operations, applied in order: unknown (as it is now), in or out.
  const state = new Map<string, "in" | "out">();
  const mustBeMembers = new Set<string>();
  for (const raw of ops) {
    if (typeof raw !== "object" || raw === null) return null;
    const { op, path, value } = raw as Record<string, unknown>;
    if (typeof op !== "string" || typeof path !== "string") return null;
    const kind = op.toLowerCase();
    const target = path.trim();
    const filtered = FILTER.exec(target);
    let ids: string[] | null;
    if (kind === "add" && target.toLowerCase() === "members") ids = idsOf(value);
    // FILTER takes any 36 hex digits and dashes; only a uuid's shape may reach PostgreSQL as one
    // (36 dashes was a 500). Anything else takes the generic path, which answers it.
    else if (kind === "remove" && filtered && value === undefined)
      ids = isUuid(filtered[1]) ? [filtered[1].toLowerCase()] : null;
    else if (kind === "remove" && target.toLowerCase() === "members" && value !== undefined)
      ids = idsOf(value);
    else return null;
    if (!ids) return null;
    for (const id of ids) {
      if (kind === "add") state.set(id, "in");
      else {
        const now = state.get(id);
        if (now === "out") throw new ScimError(400, `members has no value "${id}".`, "noTarget");
        if (now === undefined) mustBeMembers.add(id);
        state.set(id, "out");
      }
    }
  }
  const add: string[] = [];
  const remove: string[] = [];
  for (const [id, s] of state) (s === "in" ? add : remove).push(id);
  return { add, remove, mustBeMembers: [...mustBeMembers] };
}
