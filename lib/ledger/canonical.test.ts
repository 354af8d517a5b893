import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical";

describe("canonicalJson", () => {
  const samples: unknown[] = [
    null,
    "plain",
    42,
    -0,
    1e21,
    0.1 + 0.2,
    [],
    {},
    { b: 1, a: [3, { z: null, y: "é" }], c: { "": true } },
    { "10": "ten", "9": "nine", a: 1, "01": "zero-one" },
    { nested: { list: [{ "2": 2, "1": 1 }] } },
    { "\u00e9": 1, e: 2, "\ud83d\ude00": 3, "\uff5e": 4 },
    { s: 'quote " backslash \\ control \u0001' },
  ];
  it("matches the reference implementation of RFC 8785", () => {
    for (const sample of samples) expect(canonicalJson(sample)).toBe(canonicalize(sample));
  });

  it("keeps a __proto__ member (JSON.parse makes it an own property; assigning it would drop it)", () => {
    const parsed: unknown = JSON.parse('{"b":1,"__proto__":{"x":[1]},"a":2}');
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"x":[1]},"a":2,"b":1}');
    expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
    expect(canonicalJson(JSON.parse('{"__proto__":{"1":1}}'))).toBe('{"__proto__":{"1":1}}');
  });

  it("escapes a lone surrogate instead of throwing (append stores them as U+FFFD anyway)", () => {
    expect(canonicalJson({ s: "\ud800" })).toBe('{"s":"\\ud800"}');
  });
});
