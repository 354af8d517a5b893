import { db } from "@/lib/db";
import { compilePolicySet, type CompiledPolicySet, type VersionInput } from "./compile";

// The active policy set, compiled once per version hash and reloaded when activation changes:
// a cheap query of the active versions' hashes at most once a second (POLL_MS), plus an
// explicit invalidate() after an activation in this process.

const POLL_MS = 1000;
let current: CompiledPolicySet | undefined;
let fingerprint = "";
let checkedAt = 0;
let inflight: Promise<CompiledPolicySet> | undefined;

export async function loadActiveVersions(): Promise<VersionInput[]> {
  const rows = await db.policyVersion.findMany({
    where: { status: "ACTIVE" },
    select: { id: true, version: true, hash: true, text: true, policySet: { select: { name: true } } },
  });
  return rows.map((r) => ({ setName: r.policySet.name, versionId: r.id, version: r.version, hash: r.hash, text: r.text }));
}

async function refresh(): Promise<CompiledPolicySet> {
  const heads = await db.policyVersion.findMany({ where: { status: "ACTIVE" }, select: { id: true, hash: true }, orderBy: { id: "asc" } });
  const fp = heads.map((h) => `${h.id}:${h.hash}`).join(",");
  if (!current || fp !== fingerprint) {
    current = compilePolicySet(await loadActiveVersions());
    fingerprint = fp;
  }
  checkedAt = Date.now();
  return current;
}

/** The active set; at most one database check per second, never blocking once loaded. */
export async function getActivePolicySet(): Promise<CompiledPolicySet> {
  if (current && Date.now() - checkedAt < POLL_MS) return current;
  if (!inflight) inflight = refresh().finally(() => (inflight = undefined));
  if (current) {
    inflight.catch(() => undefined);
    return current;
  }
  return inflight;
}

/** After an activation: the next call reloads (and waits for) the new set. */
export function invalidateActivePolicySet(): void {
  current = undefined;
  checkedAt = 0;
  fingerprint = "";
}
