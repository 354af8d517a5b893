import type { IncomingMessage } from "node:http";

// The one way Triad reads a request body, for every API (lean node:http routes and Next route
// handlers alike): streamed with a byte cap (nothing beyond the cap is buffered), strict UTF-8,
// and for JSON a walk that refuses lone UTF-16 surrogates (a `\ud800` escape decodes to one,
// and PostgreSQL cannot store it), nesting beyond a depth, and object keys that would reach
// Object.prototype if anything ever merged the value into a plain object.

type BodyErrorCode =
  "too_large" | "invalid_utf8" | "invalid_json" | "invalid_string" | "too_deep" | "forbidden_key";

export class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: BodyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type BodySource = Request | IncomingMessage;

/** `__proto__` is refused everywhere; callers that map keys onto objects may refuse more. */
const ALWAYS_FORBIDDEN_KEYS: readonly string[] = ["__proto__"];
export const PROTOTYPE_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

const tooLarge = (max: number) => new BodyError(413, "too_large", `body larger than ${max} bytes`);

function declaredLength(source: BodySource): number {
  const raw =
    source instanceof Request ? source.headers.get("content-length") : source.headers["content-length"];
  const n = Number(raw ?? 0);
  return Number.isFinite(n) ? n : 0;
}

async function* chunksOf(source: BodySource): AsyncGenerator<Uint8Array> {
  if (source instanceof Request) {
    if (!source.body) return;
    const reader = source.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
  } else {
    for await (const chunk of source)
      yield typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
  }
}

/** The raw bytes, at most `max`; a larger body (declared or streamed) is a 413 and stops reading. */
export async function readBytes(source: BodySource, max: number): Promise<Uint8Array> {
  if (declaredLength(source) > max) {
    if (!(source instanceof Request)) source.resume();
    throw tooLarge(max);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunksOf(source)) {
    size += chunk.byteLength;
    if (size > max) {
      if (!(source instanceof Request)) source.resume();
      throw tooLarge(max);
    }
    parts.push(chunk);
  }
  return parts.length === 1 ? parts[0] : new Uint8Array(Buffer.concat(parts));
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BodyError(400, "invalid_utf8", "body is not valid UTF-8");
  }
}

/** Body text: capped and strictly UTF-8. */
export async function readText(source: BodySource, max: number): Promise<string> {
  return decodeUtf8(await readBytes(source, max));
}

type JsonLimits = { maxDepth?: number; forbiddenKeys?: readonly string[] };

/**
 * Walks parsed JSON (or any untrusted plain value, e.g. a server action's input): every string
 * and key well-formed UTF-16, no forbidden key, bounded depth.
 */
export function checkJson(
  value: unknown,
  { maxDepth = 32, forbiddenKeys = ALWAYS_FORBIDDEN_KEYS }: JsonLimits = {},
): void {
  // A decoded server-action payload may reference one object from many places ("$1" in React's
  // wire format): an object is walked again only when reached at a deeper level than before
  // (the depth limit still holds), so a few hundred bytes cannot make 2^30 visits: at most
  // nodes × maxDepth.
  const seen = new WeakMap<object, number>();
  const walk = (v: unknown, depth: number, where: string): void => {
    if (typeof v === "string") {
      if (!v.isWellFormed())
        throw new BodyError(400, "invalid_string", `${where || "body"}: holds an unpaired UTF-16 surrogate`);
      return;
    }
    if (v === null || typeof v !== "object") return;
    if (depth >= maxDepth) throw new BodyError(400, "too_deep", `body nests deeper than ${maxDepth} levels`);
    const walkedAt = seen.get(v);
    if (walkedAt !== undefined && walkedAt >= depth) return;
    seen.set(v, depth);
    if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, depth + 1, `${where}[${i}]`));
      return;
    }
    for (const key of Object.keys(v)) {
      if (!key.isWellFormed())
        throw new BodyError(
          400,
          "invalid_string",
          `${where || "body"}: a key holds an unpaired UTF-16 surrogate`,
        );
      if (forbiddenKeys.includes(key))
        throw new BodyError(
          400,
          "forbidden_key",
          `${where ? `${where}.` : ""}${key}: this name is not allowed`,
        );
      walk((v as Record<string, unknown>)[key], depth + 1, where ? `${where}.${key}` : key);
    }
  };
  walk(value, 0, "");
}

export function parseJsonText(text: string, limits: JsonLimits = {}): unknown {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BodyError(400, "invalid_json", "body is not valid JSON");
  }
  checkJson(json, limits);
  return json;
}

/** A JSON body: capped, strict UTF-8, parsed, and checked (see checkJson). */
export async function readJsonBody(
  source: BodySource,
  maxBytes: number,
  limits: JsonLimits = {},
): Promise<unknown> {
  return parseJsonText(await readText(source, maxBytes), limits);
}
