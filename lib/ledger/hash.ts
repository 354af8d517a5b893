import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

export const GENESIS_HASH = "0".repeat(64);

export type LedgerActorKind = "USER" | "HUMAN" | "NHI" | "AGENT" | "API_CLIENT" | "SCIM" | "SYSTEM";

/** The fields of an entry that its hash covers, in their stored form. */
export type HashedEntry = {
  seq: bigint;
  at: Date;
  actor: string;
  actorKind: string;
  actorName: string | null;
  action: string;
  target: string | null;
  details: unknown;
  prevHash: string;
};

/**
 * SHA-256 over the RFC 8785 canonical JSON of the entry. Canonical JSON makes the hash
 * independent of key order, which jsonb does not preserve.
 */
export function hashEntry(entry: HashedEntry): string {
  const canonical = canonicalize({
    seq: entry.seq.toString(),
    at: entry.at.toISOString(),
    actor: entry.actor,
    actorKind: entry.actorKind,
    actorName: entry.actorName,
    action: entry.action,
    target: entry.target,
    details: entry.details ?? {},
    prevHash: entry.prevHash,
  });
  if (canonical === undefined) throw new Error("ledger entry cannot be serialised");
  return createHash("sha256").update(canonical).digest("hex");
}

export type ChainBreak = { seq: bigint; reason: string };

/** Checks a run of consecutive entries; `prevHash` is the hash of the entry before the first. */
export function findBreak(entries: (HashedEntry & { hash: string })[], prevHash: string, prevSeq: bigint | null): ChainBreak | null {
  let expectedPrev = prevHash;
  let expectedSeq = prevSeq === null ? null : prevSeq + 1n;
  for (const e of entries) {
    if (expectedSeq !== null && e.seq !== expectedSeq) {
      return { seq: e.seq, reason: `sequence gap: expected ${expectedSeq}, found ${e.seq}` };
    }
    if (e.prevHash !== expectedPrev) return { seq: e.seq, reason: "previous-hash link does not match the entry before it" };
    if (hashEntry(e) !== e.hash) return { seq: e.seq, reason: "entry content does not match its hash (altered)" };
    expectedPrev = e.hash;
    expectedSeq = e.seq + 1n;
  }
  return null;
}
