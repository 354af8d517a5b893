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

async function* webChunksOf(source: Request): AsyncGenerator<Uint8Array> {
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
}

/**
 * How much of a too-large body a node:http route reads and throws away before answering, and for
 * how long. A client is sent its 413 only once it has stopped sending: a server that answers and
 * closes while bytes are still arriving makes the kernel reset the connection, and the client
 * sees that reset instead of the answer. A client still sending past these bounds is answered
 * anyway and its connection closed shortly after (an endless chunked body ties up nothing).
 */
export const DISCARD_LIMITS = { bytes: 8 * 1024 * 1024, ms: 5_000, closeAfterMs: 5_000 };

/** Reads and drops the rest of a request body (nothing is kept) until it ends or the bounds run out. */
function discardRest(req: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (req.complete || req.destroyed) return resolve();
    let dropped = 0;
    const finish = () => {
      clearTimeout(timer);
      req.off("data", onData).off("end", finish).off("close", finish).off("error", finish);
      resolve();
    };
    const giveUp = () => {
      finish();
      // Still flowing with no listener: Node keeps discarding while the 413 goes out; then the
      // connection goes, unless the body ended meanwhile.
      const close = setTimeout(() => {
        if (!req.complete) req.socket.destroy();
      }, DISCARD_LIMITS.closeAfterMs);
      close.unref();
      req.once("end", () => clearTimeout(close));
    };
    const onData = (chunk: Buffer) => {
      dropped += chunk.byteLength;
      if (dropped > DISCARD_LIMITS.bytes) giveUp();
    };
    const timer = setTimeout(giveUp, DISCARD_LIMITS.ms);
    req.on("data", onData).once("end", finish).once("close", finish).once("error", finish);
    req.resume();
  });
}

/** The raw bytes, at most `max`; a larger body (declared or streamed) is a 413 and stops reading. */
export async function readBytes(source: BodySource, max: number): Promise<Uint8Array> {
  const incoming = source instanceof Request ? null : source;
  if (declaredLength(source) > max) {
    if (incoming) await discardRest(incoming);
    throw tooLarge(max);
  }
  // Leaving the loop early must not destroy a node:http request: that destroys its socket, and
  // the 413 the caller is about to send would reach the client as a connection reset.
  const chunks = incoming ? incoming.iterator({ destroyOnReturn: false }) : webChunksOf(source as Request);
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const raw of chunks) {
    const chunk: Uint8Array = typeof raw === "string" ? Buffer.from(raw) : (raw as Uint8Array);
    size += chunk.byteLength;
    if (size > max) break;
    parts.push(chunk);
  }
  if (size > max) {
    // Out of the loop first: the iterator's listener would keep the request from flowing.
    if (incoming) await discardRest(incoming);
    throw tooLarge(max);
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
      // PostgreSQL text and jsonb cannot hold NUL: refused here, it cannot fail a write later
      // (a decision batch shared with other callers, among them).
      if (v.includes("\u0000"))
        throw new BodyError(400, "invalid_string", `${where || "body"}: holds a NUL character`);
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
      if (!key.isWellFormed() || key.includes("\u0000"))
        throw new BodyError(
          400,
          "invalid_string",
          `${where || "body"}: a key holds an unpaired UTF-16 surrogate or a NUL character`,
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
