import { ScimError } from "./errors";

// Applies RFC 7644 §3.5.2 PATCH operations to a resource's SCIM JSON; the result is then saved
// like a PUT. Covers what IdPs send: add/replace/remove with no path (value object), a simple
// path (`active`, `name.givenName`, enterprise URN attributes) or `members[value eq "id"]`.

type Json = Record<string, unknown>;
export type PatchOp = { op: string; path?: string; value?: unknown };

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function splitPath(path: string): string[] {
  if (path.toLowerCase().startsWith(ENTERPRISE.toLowerCase() + ":")) return [ENTERPRISE, ...path.slice(ENTERPRISE.length + 1).split(".")];
  return path.split(".");
}

function findKey(obj: Json, key: string): string {
  return Object.keys(obj).find((k) => k.toLowerCase() === key.toLowerCase()) ?? key;
}

function setPath(target: Json, parts: string[], value: unknown, op: string) {
  let obj = target;
  for (const part of parts.slice(0, -1)) {
    const k = findKey(obj, part);
    if (typeof obj[k] !== "object" || obj[k] === null) obj[k] = {};
    obj = obj[k] as Json;
  }
  const k = findKey(obj, parts.at(-1)!);
  if (op === "remove") delete obj[k];
  else if (op === "add" && Array.isArray(obj[k]) && Array.isArray(value)) obj[k] = [...(obj[k] as unknown[]), ...value];
  else obj[k] = value;
}

function mergeValue(target: Json, value: unknown, op: string) {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ScimError(400, "A PATCH operation without a path needs an object value.", "invalidValue");
  for (const [key, v] of Object.entries(value as Json)) {
    if (key.includes(".") || key.startsWith("urn:")) setPath(target, splitPath(key), v, op);
    else setPath(target, [key], v, op);
  }
}

export function applyPatch(resource: Json, body: unknown): Json {
  const b = body as { schemas?: unknown; Operations?: unknown; operations?: unknown };
  const ops = (b?.Operations ?? b?.operations) as PatchOp[] | undefined;
  if (!Array.isArray(ops) || ops.length === 0 || ops.length > 1000) throw new ScimError(400, "PATCH needs an Operations array.", "invalidSyntax");
  const out = structuredClone(resource);
  for (const raw of ops) {
    const op = String(raw?.op ?? "").toLowerCase();
    if (!["add", "replace", "remove"].includes(op)) throw new ScimError(400, `Unknown PATCH op "${String(raw?.op).slice(0, 20)}".`, "invalidSyntax");
    const path = typeof raw.path === "string" ? raw.path.trim() : "";
    if (!path) {
      if (op === "remove") throw new ScimError(400, "remove needs a path.", "noTarget");
      mergeValue(out, raw.value, op);
      continue;
    }
    const filtered = /^(\w+)\[\s*value\s+eq\s+"([^"]*)"\s*\]$/i.exec(path);
    if (filtered) {
      const k = findKey(out, filtered[1]);
      const list = Array.isArray(out[k]) ? (out[k] as Json[]) : [];
      if (op !== "remove") throw new ScimError(400, "Only remove is supported with a value filter path.", "invalidPath");
      out[k] = list.filter((m) => String(m?.value) !== filtered[2]);
      continue;
    }
    if (/[[\]]/.test(path)) {
      // e.g. emails[type eq "work"].value: treat as the primary email
      const m = /^emails\[[^\]]*\]\.value$/i.exec(path);
      if (!m) throw new ScimError(400, `Unsupported PATCH path "${path.slice(0, 100)}".`, "invalidPath");
      if (op !== "remove") out.emails = [{ value: raw.value, primary: true, type: "work" }];
      continue;
    }
    if (op === "remove" && /^members$/i.test(path) && Array.isArray(raw.value)) {
      const drop = new Set((raw.value as Json[]).map((v) => String(v?.value)));
      const k = findKey(out, "members");
      out[k] = ((out[k] as Json[]) ?? []).filter((m) => !drop.has(String(m?.value)));
      continue;
    }
    setPath(out, splitPath(path), raw.value, op);
  }
  return out;
}
