import type pg from "pg";
import { canonicalJson } from "@/lib/ledger/canonical";
import type { HashedEntry } from "@/lib/ledger/hash";

/** A ledger row as `SELECT … FROM "LogEntry"` returns it (seq as text, details parsed from their json). */
export type LedgerRow = Omit<HashedEntry, "seq"> & { seq: string; hash: string };

/**
 * Puts rows a tampering test removed back as they were, as the owner (triggers are the caller's
 * concern). Details go back as the canonical text their hash covers, which is how the ledger
 * stores them and what verification compares byte for byte.
 */
export async function restoreLedgerRows(owner: pg.Client, rows: readonly LedgerRow[]): Promise<void> {
  for (const r of rows)
    await owner.query(
      `INSERT INTO "LogEntry" (seq, at, actor, "actorKind", "actorName", action, target, details, "prevHash", hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        r.seq,
        r.at,
        r.actor,
        r.actorKind,
        r.actorName,
        r.action,
        r.target,
        canonicalJson(r.details),
        r.prevHash,
        r.hash,
      ],
    );
}
