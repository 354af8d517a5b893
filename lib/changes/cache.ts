import type { ChangeTopic } from "./channel";
import { changesAreLive, onChange } from "./listen";

// The one kind of in-memory cache for facts that decide access. It is dropped whenever one of
// its topics is announced (every process, both copies of lib/ in the server). A time-to-live
// applies only as a fallback: while the change listener is down (or was never started, as in
// the CLI and tests) entries live `fallbackMs`; while it is up they live until a change, or
// `liveMs` at most, or the entry's own `until` (a grant or session that expires by time).

export type ChangeCacheOptions = {
  topics: ChangeTopic[];
  /** Lifetime of an entry while changes are not heard. Keep it under the 1 s propagation target. */
  fallbackMs?: number;
  /** Upper bound while changes are heard: a guard against a missed announcement, not the mechanism. */
  liveMs?: number;
  max?: number;
  /**
   * Topics whose announcements may name actors (Change.actors): an announcement that does drops
   * only the entries tagged with those actors (see `get`). Untagged entries must then not
   * depend on that topic's rows at all.
   */
  actorTopics?: ChangeTopic[];
};

type Entry<V> = { at: number; until: number; live: boolean; value: V };

export class ChangeCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  /** Bumped on every drop, so a load that started before a change does not store its stale result. */
  private generation = 0;
  private readonly fallbackMs: number;
  private readonly liveMs: number;
  private readonly max: number;
  /** Actor id → the keys of the entries that depend on that actor's rows. */
  private readonly tagged = new Map<string, Set<string>>();

  constructor(options: ChangeCacheOptions) {
    this.fallbackMs = options.fallbackMs ?? 500;
    this.liveMs = options.liveMs ?? 300_000;
    this.max = options.max ?? 100_000;
    const narrow = new Set(options.actorTopics ?? []);
    for (const topic of options.topics)
      onChange(topic, (change) =>
        narrow.has(topic) && change.actors ? this.dropActors(change.actors) : this.clear(),
      );
  }

  /** The cached value if still good, else undefined. */
  peek(key: string, now = Date.now()): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    const live = changesAreLive();
    const fresh = now < hit.until && now - hit.at < (live && hit.live ? this.liveMs : this.fallbackMs);
    if (fresh) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * The value for `key`, loading it on a miss. `until` (epoch ms) ends an entry early when the
   * value itself expires by time; `actorsOf` names the actors whose rows the value depends on.
   */
  async get(
    key: string,
    load: () => Promise<V>,
    { until, actorsOf }: { until?: (value: V) => number | undefined; actorsOf?: (value: V) => string[] } = {},
  ): Promise<V> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const generation = this.generation;
    const live = changesAreLive();
    const at = Date.now();
    const value = await load();
    if (this.set(key, value, { generation, live, at, until: until?.(value) }))
      for (const actor of actorsOf?.(value) ?? []) {
        const keys = this.tagged.get(actor) ?? new Set<string>();
        this.tagged.set(actor, keys.add(key));
      }
    return value;
  }

  /** Stores a value loaded at `at` unless a change was announced since `generation`. */
  private set(
    key: string,
    value: V,
    meta: { generation?: number; live?: boolean; at?: number; until?: number } = {},
  ): boolean {
    if (meta.generation !== undefined && meta.generation !== this.generation) return false;
    if (this.entries.size >= this.max) this.clear();
    this.entries.set(key, {
      at: meta.at ?? Date.now(),
      live: meta.live ?? changesAreLive(),
      until: meta.until ?? Number.POSITIVE_INFINITY,
      value,
    });
    return true;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.tagged.clear();
  }

  /** Drops the entries tagged with these actors; loads in flight are not kept (any key). */
  dropActors(actors: string[]): void {
    this.generation++;
    for (const actor of actors) {
      for (const key of this.tagged.get(actor) ?? []) this.entries.delete(key);
      this.tagged.delete(actor);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
