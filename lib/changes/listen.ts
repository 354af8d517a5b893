import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";
import { CHANGE_CHANNEL, CHANGE_TOPICS, type Change, type ChangeTopic } from "./channel";

// Every process keeps one LISTEN connection and tells its caches what changed. Handlers are
// registered on globalThis, so the copy of lib/ that Next.js bundles and the copy the lean
// routes load share one set of handlers and one connection.
type Handler = (change: Change) => void;
type State = { handlers: Map<ChangeTopic, Set<Handler>>; client?: pg.Client; starting?: Promise<void> };

const globalForChanges = globalThis as unknown as { triadChanges?: State };
const state: State = (globalForChanges.triadChanges ??= { handlers: new Map() });

/** Calls `handler` for every committed change of `topic`, in this process. */
export function onChange(topic: ChangeTopic, handler: Handler): void {
  let set = state.handlers.get(topic);
  if (!set) state.handlers.set(topic, (set = new Set()));
  set.add(handler);
}

function dispatch(raw: string | undefined): void {
  let change: Change;
  try {
    change = JSON.parse(raw ?? "") as Change;
  } catch {
    return;
  }
  if (!CHANGE_TOPICS.includes(change.topic)) return;
  for (const handler of state.handlers.get(change.topic) ?? []) handler(change);
}

/** Everything cached is suspect after a lost connection: tell every handler to drop all. */
function dropEverything(): void {
  for (const topic of CHANGE_TOPICS) for (const handler of state.handlers.get(topic) ?? []) handler({ topic });
}

/** Opens the LISTEN connection once per process and reconnects when it drops. */
export function startChangeListener(connectionString = requireDatabaseUrl()): Promise<void> {
  state.starting ??= (async () => {
    const client = new pg.Client({ connectionString });
    client.on("notification", (message) => {
      if (message.channel === CHANGE_CHANNEL) dispatch(message.payload);
    });
    client.on("error", (error) => {
      console.error("[triad] change listener lost its connection:", error.message);
      state.client = undefined;
      state.starting = undefined;
      dropEverything();
      setTimeout(() => void startChangeListener(connectionString).catch(() => undefined), 1_000).unref?.();
    });
    await client.connect();
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    state.client = client;
  })();
  return state.starting;
}

export async function stopChangeListener(): Promise<void> {
  const client = state.client;
  state.client = undefined;
  state.starting = undefined;
  await client?.end().catch(() => undefined);
}
