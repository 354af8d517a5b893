import { db } from "@/lib/db";
import { HEAD_SQL } from "./append";
import type { ChainBreak } from "./hash";
import { signCheckpoint } from "./signature";
import { activeSigningKey } from "./signing-keys";
import { verifyLedger } from "./verify";

export type Checkpoint = { seq: bigint; headHash: string; at: Date; keyId: string; signature: string };
export type CheckpointOutcome =
  | { ok: true; checkpoint: Checkpoint; created: boolean; verified: number }
  | { ok: false; firstBreak: ChainBreak; verified: number }
  | { ok: true; checkpoint: null; created: false; verified: 0 };

/**
 * Signs the current head of the ledger: (seq, head hash, time) under the Ed25519 key. It first
 * verifies the entries since the previous checkpoint and refuses to sign a broken chain, so a
 * checkpoint vouches for everything before it. Idempotent: an unchanged head keeps its checkpoint.
 * Run every few minutes by the "ledger.checkpoint" job and on demand (CLI, Audit page).
 * `background` (the job) verifies on one connection and one thread: it then leaves a core to the
 * decision path instead of taking the whole of a small machine for a few seconds.
 */
export async function createCheckpoint(options: { background?: boolean } = {}): Promise<CheckpointOutcome> {
  const [head] = await db.$queryRawUnsafe<{ seq: string; hash: string }[]>(HEAD_SQL);
  if (!head) return { ok: true, checkpoint: null, created: false, verified: 0 };
  const seq = BigInt(head.seq);
  const last = await db.ledgerCheckpoint.findFirst({ orderBy: { seq: "desc" } });
  if (last && last.seq === seq) return { ok: true, checkpoint: last, created: false, verified: 0 };
  const check = await verifyLedger(
    last && last.seq < seq ? last.seq + 1n : 1n,
    seq,
    options.background ? { slices: 1 } : {},
  );
  if (!check.ok && check.firstBreak)
    return { ok: false, firstBreak: check.firstBreak, verified: check.checked };
  const key = await activeSigningKey();
  const claim = { seq, headHash: head.hash, at: new Date() };
  const signature = signCheckpoint(key.privateKeyPem, claim);
  // Two processes signing the same head at once: the first row stands.
  const inserted = await db.ledgerCheckpoint.createMany({
    data: [{ ...claim, keyId: key.id, signature }],
    skipDuplicates: true,
  });
  const checkpoint = inserted.count
    ? { ...claim, keyId: key.id, signature }
    : await db.ledgerCheckpoint.findUniqueOrThrow({ where: { seq } });
  return { ok: true, checkpoint, created: inserted.count > 0, verified: check.checked };
}

export async function latestCheckpoint(): Promise<Checkpoint | null> {
  return db.ledgerCheckpoint.findFirst({ orderBy: { seq: "desc" } });
}
