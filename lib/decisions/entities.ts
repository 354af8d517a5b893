import { sha256 } from "@/lib/crypto/tokens";
import type { PoolClient } from "pg";
import type { CedarCall } from "@/lib/enforcement/decide";
import { cleanJson } from "@/lib/ledger/append";
import { canonicalJson } from "@/lib/ledger/canonical";
import type { EntityJson } from "@/lib/policy/cedar";

// The Cedar entities a kept decision record saw are stored once each, in "DecisionEntity", named
// by the SHA-256 of their canonical JSON; the record's `cedar` column holds their hashes in place
// of the entities. An agent's tool calls see the same agent and tool entities call after call,
// so each record now carries a few hundred bytes of context instead of every entity again.
// Records written before keep their entities inline; readers accept both shapes.

/** A Cedar call as the record stores it: entities by hash (or inline, in older records). */
export type StoredCedarCall = Omit<CedarCall, "request"> & {
  request: Omit<CedarCall["request"], "entities"> & { entities: (string | EntityJson)[] };
};

type Ref = { hash: string; text: string };

// Entities are shared per cached record (lib/enforcement/records.ts): each is serialised and
// hashed once, not once per decision.
const refs = new WeakMap<object, Ref>();
export function entityRef(entity: EntityJson): Ref {
  let ref = refs.get(entity);
  if (!ref) {
    // Cleaned (NUL, lone surrogates) before hashing: the stored row must hash to its name.
    const text = canonicalJson(cleanJson(entity));
    ref = { hash: sha256(text), text };
    refs.set(entity, ref);
  }
  return ref;
}

// Hashes this process has seen committed: their rows exist, so later batches need not send them.
// Forgotten after any failed batch (a failover may have lost recent commits) and every ten
// minutes at most, so a row lost another way (a restore) is written again soon; a record that
// names a lost row meanwhile reads as "snapshot missing", never as other data.
const committed = new Set<string>();
const FORGET_MS = 10 * 60_000;
let rememberedSince = Date.now();

/** Called when a batch failed: its entities, or earlier ones, may not be in the database. */
export function forgetCommittedEntities(): void {
  committed.clear();
  rememberedSince = Date.now();
}

/** The calls with entities by hash, and the entities this process has not yet seen committed. */
export function storeCedar(calls: CedarCall[], unsent: Map<string, string>): StoredCedarCall[] {
  return calls.map((call) => ({
    ...call,
    request: {
      ...call.request,
      entities: call.request.entities.map((entity) => {
        const ref = entityRef(entity);
        if (!committed.has(ref.hash)) unsent.set(ref.hash, ref.text);
        return ref.hash;
      }),
    },
  }));
}

/** Called once the batch that sent these entities committed. */
export function entitiesCommitted(hashes: Iterable<string>): void {
  // A bound in size and time; a forgotten hash is merely sent again.
  if (committed.size > 100_000 || Date.now() - rememberedSince > FORGET_MS) forgetCommittedEntities();
  for (const hash of hashes) committed.add(hash);
}

/**
 * The calls with every entity inline again, read from "DecisionEntity". An entity whose row is
 * missing stays a hash: the replay's entity check then fails instead of inventing data.
 */
export async function loadCedar(
  client: PoolClient,
  stored: StoredCedarCall[] | null,
): Promise<StoredCedarCall[] | null> {
  if (!stored) return null;
  const wanted = [
    ...new Set(stored.flatMap((c) => c.request.entities.filter((e): e is string => typeof e === "string"))),
  ];
  if (!wanted.length) return stored;
  const { rows } = await client.query<{ hash: string; entity: EntityJson }>(
    `SELECT hash, entity FROM "DecisionEntity" WHERE hash = ANY($1::text[])`,
    [wanted],
  );
  // A row must hash to its name: one that does not is shown and replayed as missing.
  const byHash = new Map(
    rows.filter((r) => sha256(canonicalJson(r.entity)) === r.hash).map((r) => [r.hash, r.entity]),
  );
  return stored.map((call) => ({
    ...call,
    request: {
      ...call.request,
      entities: call.request.entities.map((e) => (typeof e === "string" ? (byHash.get(e) ?? e) : e)),
    },
  }));
}

/** The calls as Cedar takes them, or null when an entity could not be found. */
export function completeCalls(calls: StoredCedarCall[]): CedarCall[] | null {
  return calls.every((c) => c.request.entities.every((e) => typeof e !== "string"))
    ? (calls as CedarCall[])
    : null;
}
