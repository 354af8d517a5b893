import { describe, expect, it } from "vitest";
import { backoffMs, signPayload, verifySignature } from "./signature";

describe("webhook signatures", () => {
  it("verifies its own signature and refuses tampering or replay", () => {
    const header = signPayload("s3cret", '{"a":1}', 1000);
    expect(verifySignature("s3cret", '{"a":1}', header, 1010)).toBe(true);
    expect(verifySignature("s3cret", '{"a":2}', header, 1010)).toBe(false);
    expect(verifySignature("other", '{"a":1}', header, 1010)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', header, 5000)).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', "garbage", 1000)).toBe(false);
  });

  it("backs off exponentially up to an hour", () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
  });
});
