import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { CHANGE_CHANNEL, CHANGE_TOPICS, type Change, type ChangeTopic } from "./channel";

// Every process keeps one LISTEN connection and tells its caches what changed. Handlers are
// registered on globalThis, so the copy of lib/ that Next.js bundles and the copy the lean
// routes load share one set of handlers and one connection: a NOTIFY reaches both copies.
type Handler = (change: Change) => void;
type State = {
  handlers: Map<ChangeTopic, Set<Handler>>;
  client?: pg.Client;
  starting?: Promise<void>;
  /** True while the LISTEN connection is up: caches may then trust announcements. */
  live: boolean;
  heard: number;
  stopped?: boolean;
};

const globalForChanges = globalThis as unknown as { triadChanges?: State };
const state: State = (globalForChanges.triadChanges ??= { handlers: new Map(), live: false, heard: 0 });
state.live ??= false;
state.heard ??= 0;

/** Calls `handler` for every committed change of `topic`, in this process. */
export function onChange(topic: ChangeTopic, handler: Handler): void {
  let set = state.handlers.get(topic);
  if (!set) state.handlers.set(topic, (set = new Set()));
  set.add(handler);
}

/** Whether announcements reach this process now; when not, caches fall back to a short TTL. */
export function changesAreLive(): boolean {
  return state.live;
}

/** For health checks and the jobs page: is the listener up, and how many caches listen per topic. */
export function changeListenerStatus(): { live: boolean; heard: number; handlers: Record<string, number> } {
  return {
    live: state.live,
    heard: state.heard,
    handlers: Object.fromEntries(CHANGE_TOPICS.map((t) => [t, state.handlers.get(t)?.size ?? 0])),
  };
}

function dispatch(raw: string | undefined): void {
  let change: Change;
  try {
    change = JSON.parse(raw ?? "") as Change;
  } catch {
    return;
  }
  if (!CHANGE_TOPICS.includes(change.topic)) return;
  // A malformed actor list cannot narrow anything: the change then drops everything of its topic.
  if (
    change.actors !== undefined &&
    !(Array.isArray(change.actors) && change.actors.every((a) => typeof a === "string"))
  )
    change = { topic: change.topic };
  state.heard++;
  for (const handler of state.handlers.get(change.topic) ?? []) handler(change);
}

/** Applies a change to this process's caches at once, without waiting for its NOTIFY (tests, CLI). */
export function applyChangeLocally(topic: ChangeTopic): void {
  for (const handler of state.handlers.get(topic) ?? []) handler({ topic });
}

/** Everything cached may be stale after a gap in listening: tell every handler to drop all. */
function dropEverything(): void {
  for (const topic of CHANGE_TOPICS)
    for (const handler of state.handlers.get(topic) ?? []) handler({ topic });
}

/** Opens the LISTEN connection once per process and reconnects when it drops. */
export function startChangeListener(connectionString = requireDatabaseUrl()): Promise<void> {
  state.stopped = false;
  state.starting ??= (async () => {
    const client = new pg.Client({ connectionString });
    client.on("notification", (message) => {
      if (message.channel === CHANGE_CHANNEL) dispatch(message.payload);
    });
    const lost = (reason: string) => {
      if (state.client !== client) return;
      console.error(
        `[triad] change listener lost its connection (${reason}); caches fall back to a short TTL until it is back`,
      );
      state.live = false;
      state.client = undefined;
      state.starting = undefined;
      dropEverything();
      reconnectLater(connectionString);
    };
    client.on("error", (error) => lost(error.message));
    client.on("end", () => lost("closed"));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      state.starting = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
    state.client = client;
    state.live = true;
    // What was cached under the fallback TTL may predate a change we did not hear.
    dropEverything();
  })();
  return state.starting;
}

function reconnectLater(connectionString: string): void {
  setTimeout(() => {
    if (state.stopped) return;
    startChangeListener(connectionString).catch(() => reconnectLater(connectionString));
  }, 1_000).unref?.();
}

export async function stopChangeListener(): Promise<void> {
  const client = state.client;
  state.stopped = true;
  state.live = false;
  state.client = undefined; // before end(): a deliberate close is not a lost connection
  state.starting = undefined;
  dropEverything();
  await client?.end().catch(() => undefined);
}
