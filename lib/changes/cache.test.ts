import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangeCache } from "./cache";

// Without a live change listener (the CLI, tests, or a lost connection) entries live only the
// short fallback time; an entry's own `until` (a grant or session expiring) always ends it.
describe("ChangeCache without a live listener", () => {
  afterEach(() => vi.useRealTimers());

  it("keeps an entry for the fallback time only", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const cache = new ChangeCache<string>({ topics: ["grant"], fallbackMs: 500 });
    let loads = 0;
    const load = async () => `v${++loads}`;
    expect(await cache.get("k", load)).toBe("v1");
    vi.setSystemTime(1_000_499);
    expect(await cache.get("k", load)).toBe("v1");
    vi.setSystemTime(1_000_500);
    expect(await cache.get("k", load)).toBe("v2");
  });

  it("ends an entry at its own expiry, and caches null (not found) too", async () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const cache = new ChangeCache<number | null>({ topics: ["agent-session"], fallbackMs: 10_000 });
    let loads = 0;
    expect(await cache.get("s", async () => (loads++, 2_000_100), { until: (v) => v ?? undefined })).toBe(
      2_000_100,
    );
    vi.setSystemTime(2_000_100);
    await cache.get("s", async () => (loads++, null));
    expect(loads).toBe(2);
    expect(await cache.get("s", async () => (loads++, 5))).toBeNull();
    expect(loads).toBe(2);
  });

  it("clear() drops everything and a load that started before it is not stored", async () => {
    const cache = new ChangeCache<string>({ topics: ["actor"] });
    let release!: (v: string) => void;
    const pending = cache.get("k", () => new Promise<string>((r) => (release = r)));
    cache.clear();
    release("stale");
    expect(await pending).toBe("stale");
    expect(cache.peek("k")).toBeUndefined();
  });

  it("dropActors() drops only the entries tagged with those actors, and no load that raced it is stored", async () => {
    const cache = new ChangeCache<string>({ topics: ["grant"], actorTopics: ["grant"] });
    await cache.get("s:alice", async () => "alice", { actorsOf: () => ["A"] });
    await cache.get("s:alice@example.com", async () => "alice", { actorsOf: () => ["A"] });
    await cache.get("s:bob", async () => "bob", { actorsOf: () => ["B"] });
    await cache.get("r:tool", async () => "tool");
    let release!: (v: string) => void;
    const pending = cache.get("s:carol", () => new Promise<string>((r) => (release = r)), {
      actorsOf: () => ["C"],
    });
    cache.dropActors(["A"]);
    release("stale");
    await pending;
    expect(cache.peek("s:alice")).toBeUndefined();
    expect(cache.peek("s:alice@example.com")).toBeUndefined();
    expect(cache.peek("s:carol")).toBeUndefined();
    expect(cache.peek("s:bob")).toBe("bob");
    expect(cache.peek("r:tool")).toBe("tool");
  });
});
