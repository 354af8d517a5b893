import { describe, expect, it } from "vitest";
import { parseTraceparent } from "./trace";

describe("traceparent", () => {
  it("reads trace and span ids", () => {
    expect(parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).toEqual({
      traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
      spanId: "00f067aa0ba902b7",
    });
  });
  it("ignores malformed and all-zero ids", () => {
    for (const bad of [
      undefined,
      "",
      "garbage",
      "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    ])
      expect(parseTraceparent(bad)).toBeNull();
  });
});
