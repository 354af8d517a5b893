import { describe, expect, it } from "vitest";
import { embeddedServerFlags, sharedBuffersMb } from "./embedded-settings";

const GB = 1024 ** 3;

describe("embedded PostgreSQL settings", () => {
  it("sizes shared_buffers at an eighth of memory, between 128 MB and 2 GB", () => {
    expect(sharedBuffersMb(0.5 * GB)).toBe(128);
    expect(sharedBuffersMb(8 * GB)).toBe(1024);
    expect(sharedBuffersMb(64 * GB)).toBe(2048);
  });

  it("keeps durability on and passes every setting as one -c flag", () => {
    const flags = embeddedServerFlags(16 * GB);
    const settings = flags.filter((_, i) => i % 2 === 1);
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === "-c")).toBe(true);
    expect(settings).toContain("fsync=on");
    expect(settings).toContain("shared_buffers=2048MB");
    expect(settings.some((s) => s.startsWith("synchronous_commit") || s.startsWith("full_page_writes"))).toBe(
      false,
    );
  });
});
