import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical";

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
  return hashStored(
    entry.seq.toString(),
    entry.at.toISOString(),
    entry.actor,
    entry.actorKind,
    entry.actorName,
    entry.action,
    entry.target,
    entry.details,
    entry.prevHash,
  );
}

/**
 * The same hash from the stored text forms (seq in decimal, time as ISO 8601 with milliseconds),
 * as verification reads them. The top-level keys are written in their canonical (sorted) order.
 */
export function hashStored(
  seq: string,
  at: string,
  actor: string,
  actorKind: string,
  actorName: string | null,
  action: string,
  target: string | null,
  details: unknown,
  prevHash: string,
): string {
  return hashCanonical(
    seq,
    at,
    entryBody(actor, actorKind, actorName, action, target, canonicalJson(details ?? {})),
    prevHash,
  );
}

/**
 * The part of an entry's canonical text that does not depend on its place in the chain. Writers
 * prepare it before they take the chain lock, so that only seq, prevHash and SHA-256 remain
 * inside it (about 2 µs an entry).
 */
export function entryBody(
  actor: string,
  actorKind: string,
  actorName: string | null,
  action: string,
  target: string | null,
  detailsCanonical: string,
): EntryBody {
  return {
    head: `{"action":${JSON.stringify(action)},"actor":${JSON.stringify(actor)},"actorKind":${JSON.stringify(actorKind)},"actorName":${JSON.stringify(actorName)},"at":`,
    tail: `,"details":${detailsCanonical},"prevHash":`,
    target: `,"target":${JSON.stringify(target)}}`,
  };
}
export type EntryBody = { head: string; tail: string; target: string };

export function hashCanonical(seq: string, at: string, body: EntryBody, prevHash: string): string {
  return createHash("sha256")
    .update(
      `${body.head}${JSON.stringify(at)}${body.tail}${JSON.stringify(prevHash)},"seq":${JSON.stringify(seq)}${body.target}`,
    )
    .digest("hex");
}

export type ChainBreak = { seq: bigint; reason: string };
