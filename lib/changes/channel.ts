import type { Tx } from "@/lib/db";

// One PostgreSQL channel announces every change that affects decisions. The NOTIFY is sent in
// the changing transaction, so listeners hear of it only if (and right after) it commits.
export const CHANGE_CHANNEL = "triad_changes";

// Tables whose rows feed a cache announce themselves by trigger (migration
// 20261130040000_change_triggers), so no writer can forget to; announceChange() is for code
// that changes what a cache holds some other way.
export const CHANGE_TOPICS = [
  "api-client",
  "policy",
  "grant",
  "actor",
  "resource",
  "session",
  "signing-key",
  "agent-session",
  "scim-token",
] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/**
 * `actors`: the change touched only rows of these actors (the Grant trigger names them), so a
 * cache that tags its entries by actor drops only theirs. Without it, everything of the topic.
 */
export type Change = { topic: ChangeTopic; id?: string; actors?: string[] };

/** Announces a change inside the caller's transaction. `id` omitted = everything of that topic. */
export async function announceChange(tx: Tx, topic: ChangeTopic, id?: string): Promise<void> {
  const payload: Change = id === undefined ? { topic } : { topic, id };
  await tx.$executeRaw`SELECT pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(payload)})`;
}
