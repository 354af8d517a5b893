import { describe, expect, it } from "vitest";
import { databaseMemory, embeddedServerFlags, sharedBuffersMb } from "./embedded-settings";

const GB = 1024 ** 3;

describe("embedded PostgreSQL settings", () => {
  it("takes a container's memory limit when one is known", () => {
    expect(databaseMemory(64 * GB, 1 * GB)).toBe(1 * GB);
    expect(databaseMemory(64 * GB, undefined)).toBe(64 * GB);
    expect(databaseMemory(64 * GB, 0)).toBe(64 * GB);
    expect(databaseMemory(64 * GB, 2 ** 64)).toBe(64 * GB); // no limit
    expect(databaseMemory(64 * GB, NaN)).toBe(64 * GB);
  });

  it("sizes shared_buffers at an eighth of memory, between 128 MB and the platform's cap", () => {
    expect(sharedBuffersMb(0.5 * GB, "linux", "x64")).toBe(128);
    expect(sharedBuffersMb(8 * GB, "linux", "x64")).toBe(1024);
    expect(sharedBuffersMb(64 * GB, "linux", "arm64")).toBe(2048);
    expect(sharedBuffersMb(64 * GB, "win32", "x64")).toBe(1024);
    expect(sharedBuffersMb(64 * GB, "linux", "arm")).toBe(512);
    expect(sharedBuffersMb(NaN, "linux", "x64")).toBe(128);
    expect(sharedBuffersMb(Infinity, "linux", "x64")).toBe(128);
  });

  it("pins durability on and passes every setting as one -c flag", () => {
    const flags = embeddedServerFlags(16 * GB, "linux", "x64");
    expect(flags.filter((_, i) => i % 2 === 0).every((f) => f === "-c")).toBe(true);
    const settings = flags.filter((_, i) => i % 2 === 1);
    for (const s of ["fsync=on", "synchronous_commit=on", "full_page_writes=on", "shared_buffers=2048MB"])
      expect(settings).toContain(s);
  });
});
