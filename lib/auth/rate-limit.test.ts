import { describe, expect, it } from "vitest";
import { PEER_HEADER, blockedFor, sourceOfHeaders } from "./rate-limit";

describe("client address for per-address limits", () => {
  it("uses the peer stamped by the server, not an X-Forwarded-For the client wrote", () => {
    const h = new Headers({ [PEER_HEADER]: "203.0.113.9", "x-forwarded-for": "1.2.3.4, 5.6.7.8" });
    expect(sourceOfHeaders(h)).toBe("203.0.113.9");
  });

  it("knows nothing is blocked before any failure (no I/O)", () => {
    expect(blockedFor("decision-auth", "198.51.100.1")).toBeNull();
  });
});
