import { describe, expect, it } from "vitest";
import { BodyError, PROTOTYPE_KEYS, checkJson, readJsonBody, readText } from "./body";

const req = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://localhost/x", { method: "POST", body, headers });
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof BodyError ? `${e.status} ${e.code}` : "other"),
  );

describe("readJsonBody", () => {
  it("reads a good body", async () => {
    expect(await readJsonBody(req('{"a":["é",1]}'), 100)).toEqual({ a: ["é", 1] });
  });

  it("refuses what cannot be stored or could reach Object.prototype", async () => {
    expect(await codeOf(readJsonBody(req('{"a":"\\ud800"}'), 100))).toBe("400 invalid_string");
    expect(await codeOf(readJsonBody(req('{"\\udc00":1}'), 100))).toBe("400 invalid_string");
    expect(await codeOf(readJsonBody(req('{"a":["x\\u0000y"]}'), 100))).toBe("400 invalid_string");
    expect(await codeOf(readJsonBody(req('{"k\\u0000":1}'), 100))).toBe("400 invalid_string");
    expect(
      await codeOf(
        readJsonBody(req(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])), 100),
      ),
    ).toBe("400 invalid_utf8");
    expect(await codeOf(readJsonBody(req('{"x":{"__proto__":{"admin":true}}}'), 100))).toBe(
      "400 forbidden_key",
    );
    expect(
      await codeOf(
        readJsonBody(req('{"constructor":{"prototype":{}}}'), 100, { forbiddenKeys: PROTOTYPE_KEYS }),
      ),
    ).toBe("400 forbidden_key");
    expect(await codeOf(readJsonBody(req("{nope"), 100))).toBe("400 invalid_json");
    expect(await codeOf(readJsonBody(req("[[[[1]]]]"), 100, { maxDepth: 3 }))).toBe("400 too_deep");
  });

  it("stops at the cap whether or not the length was declared", async () => {
    expect(await codeOf(readText(req("x".repeat(101)), 100))).toBe("413 too_large");
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode("x".repeat(50)));
        c.close();
      },
    });
    expect(
      await codeOf(
        readText(
          new Request("http://localhost/x", { method: "POST", body: stream, duplex: "half" } as RequestInit),
          100,
        ),
      ),
    ).toBe("413 too_large");
  });
});

describe("checkJson", () => {
  it("checks an object shared by many references once (a decoded server action can share them)", () => {
    let node: Record<string, unknown> = { leaf: "ok" };
    for (let i = 0; i < 30; i++) node = { a: node, b: node };
    // Without the once-per-object rule this walk makes 2^31 visits and the test times out.
    expect(() => checkJson(node)).not.toThrow();
    const bad: Record<string, unknown> = { leaf: "\ud800" };
    expect(() => checkJson({ a: bad, b: bad })).toThrow(/unpaired/);
  });
});

describe("checkJson depth", () => {
  it("still refuses deep nesting built from shared references", () => {
    // N0 → N1 → … → N99, listed deepest first: each node is first reached one level down, yet
    // N0's chain is 100 levels deep.
    const nodes: Record<string, unknown>[] = Array.from({ length: 100 }, () => ({}));
    nodes.forEach((n, i) => (n.next = nodes[i + 1] ?? null));
    expect(() => checkJson([...nodes].reverse())).toThrow(/deeper than/);
  });
});
