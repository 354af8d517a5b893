import { describe, expect, it } from "vitest";
import { isBlockedAddress } from "./url-guard";

describe("webhook address guard", () => {
  it("refuses loopback, private, link-local, metadata and mapped forms", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00:ec2::254",
      "::ffff:127.0.0.1",
      "::ffff:169.254.169.254",
      "not-an-ip",
    ]) {
      expect(isBlockedAddress(a), a).toBe(true);
    }
  });

  it("allows public addresses", () => {
    for (const a of ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
      expect(isBlockedAddress(a), a).toBe(false);
  });
});
