import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";
import { ByteSink, writeCanonicalJsonText } from "./canonical-bytes";

const reencode = (text: string) => {
  const src = Buffer.from(text, "utf8");
  const out = new ByteSink(8);
  writeCanonicalJsonText(src, 0, src.length, out);
  return out.buf.toString("utf8", 0, out.pos);
};
const expected = (text: string) => canonicalJson(JSON.parse(text));

// PostgreSQL's jsonb text: keys by length then bytes, ", " and ": " separators.
function jsonbText(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(", ")}]`;
  const entries = Object.entries(value).sort(([a], [b]) => {
    const la = Buffer.byteLength(a);
    const lb = Buffer.byteLength(b);
    return la !== lb ? la - lb : Buffer.compare(Buffer.from(a), Buffer.from(b));
  });
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${jsonbText(v)}`).join(", ")}}`;
}

let state = 12345;
const rand = () => {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 4294967296;
};
const STRINGS = [
  "",
  "plain",
  "é ü",
  "\ud83d\ude00",
  'q"uote',
  "back\\slash",
  "tab\tnew\nline",
  "\u0001",
  "\u2028",
  "/",
];
const KEYS = [
  "a",
  "b",
  "aa",
  "action",
  "client",
  "context",
  "reason",
  "10",
  "9",
  "01",
  "é",
  "\uff5e",
  "\ud83d\ude00",
  'k"q',
  "",
];
const NUMBERS = [0, -0, 1, -1, 42, 1e21, 1e-7, 0.1 + 0.2, 123456789012345, 2 ** 53, -(2 ** 60), 1.5, 100];
function value(depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.3) return STRINGS[Math.floor(rand() * STRINGS.length)];
  if (r < 0.45) return NUMBERS[Math.floor(rand() * NUMBERS.length)];
  if (r < 0.5) return [true, false, null][Math.floor(rand() * 3)];
  if (r < 0.65) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 6); i > 0; i--)
    out[KEYS[Math.floor(rand() * KEYS.length)]] = value(depth + 1);
  return out;
}

describe("writeCanonicalJsonText", () => {
  it("writes what canonicalJson writes for the parsed text, in every layout", () => {
    for (let n = 0; n < 3000; n++) {
      const v = value(0);
      for (const text of [JSON.stringify(v), jsonbText(v), JSON.stringify(v, null, 2)])
        expect(reencode(text), text).toBe(expected(text));
    }
  });

  it("normalises numbers as JSON.parse + JSON.stringify do", () => {
    for (const text of [
      "1.0",
      "1e3",
      "-0",
      "0.10",
      "1E400",
      "[1.50, -0.0, 12345678901234567890]",
      '{"n": 1.0}',
    ])
      expect(reencode(text)).toBe(expected(text));
  });

  it("sorts jsonb's length-first key order into RFC 8785 order", () => {
    expect(reencode('{"b": 1, "aa": {"z": [], "yy": {}}, "ccc": null}')).toBe(
      '{"aa":{"yy":{},"z":[]},"b":1,"ccc":null}',
    );
  });

  it("keeps a __proto__ member whether its key is escaped or not", () => {
    for (const text of ['{"b": 1, "__proto__": {"x": 1}}', '{"b":1,"\\u005f_proto__":{"x":1}}'])
      expect(reencode(text)).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it("rejects text that is not JSON like JSON.parse does", () => {
    for (const text of ["{", '{"a" 1}', "[1,]", "tru"]) expect(() => reencode(text)).toThrow();
  });
});
