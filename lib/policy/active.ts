import { db } from "@/lib/db";
import { changesAreLive, onChange } from "@/lib/changes/listen";
import { compilePolicySet, type CompiledPolicySet, type VersionInput } from "./compile";

// The active policy set, compiled once per version hash. Activations are announced (a trigger
// on PolicyVersion): every process, and both copies of lib/ in the server, drops its set and
// the next decision waits for the new one. Only while the change listener is down does this
// fall back to checking the active versions' hashes at most every FALLBACK_POLL_MS.

const FALLBACK_POLL_MS = 500;
type State = {
  current?: CompiledPolicySet;
  fingerprint: string;
  /** Set by an announcement: callers wait for the reload instead of using `current`. */
  stale: boolean;
  checkedAt: number;
  generation: number;
  inflight?: Promise<CompiledPolicySet>;
};
const state: State = { fingerprint: "", stale: true, checkedAt: 0, generation: 0 };

onChange("policy", () => invalidateActivePolicySet());

export async function loadActiveVersions(): Promise<VersionInput[]> {
  const rows = await db.policyVersion.findMany({
    where: { status: "ACTIVE" },
    select: { id: true, version: true, hash: true, text: true, policySet: { select: { name: true } } },
  });
  return rows.map((r) => ({
    setName: r.policySet.name,
    versionId: r.id,
    version: r.version,
    hash: r.hash,
    text: r.text,
  }));
}

async function refresh(): Promise<CompiledPolicySet> {
  for (;;) {
    const generation = state.generation;
    const heads = await db.policyVersion.findMany({
      where: { status: "ACTIVE" },
      select: { id: true, hash: true },
      orderBy: { id: "asc" },
    });
    const fp = heads.map((h) => `${h.id}:${h.hash}`).join(",");
    const next =
      state.current && fp === state.fingerprint
        ? state.current
        : compilePolicySet(await loadActiveVersions());
    // An activation announced while we read: read again rather than keep the older set.
    if (generation !== state.generation) continue;
    state.current = next;
    state.fingerprint = fp;
    state.stale = false;
    state.checkedAt = Date.now();
    return next;
  }
}

function fresh(): boolean {
  return (
    !!state.current && !state.stale && (changesAreLive() || Date.now() - state.checkedAt < FALLBACK_POLL_MS)
  );
}

/** The active set; never blocks once loaded, except right after an activation. */
export async function getActivePolicySet(): Promise<CompiledPolicySet> {
  if (fresh()) return state.current!;
  state.inflight ??= refresh().finally(() => (state.inflight = undefined));
  if (state.current && !state.stale) {
    state.inflight.catch(() => undefined);
    return state.current;
  }
  return state.inflight;
}

/** After an activation: the next call reloads (and waits for) the new set. */
export function invalidateActivePolicySet(): void {
  state.generation++;
  state.stale = true;
}
