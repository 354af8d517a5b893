import { db } from "@/lib/db";
import { GENESIS_HASH, findBreak, type ChainBreak } from "./hash";

export type VerifyResult = { ok: boolean; checked: number; from: bigint; to: bigint | null; firstBreak: ChainBreak | null };

const BATCH = 5000;

/** Recomputes the chain between two sequence numbers (inclusive) and reports the first broken link. */
export async function verifyLedger(from: bigint = 1n, to?: bigint): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let prevSeq: bigint | null = from <= 1n ? 0n : null;
  if (from > 1n) {
    const before = await db.logEntry.findUnique({ where: { seq: from - 1n }, select: { seq: true, hash: true } });
    if (!before) return { ok: false, checked: 0, from, to: to ?? null, firstBreak: { seq: from - 1n, reason: "entry missing" } };
    prevHash = before.hash;
    prevSeq = before.seq;
  }
  let checked = 0;
  let cursor = from;
  for (;;) {
    const batch = await db.logEntry.findMany({
      where: { seq: { gte: cursor, ...(to !== undefined ? { lte: to } : {}) } },
      orderBy: { seq: "asc" },
      take: BATCH,
    });
    if (batch.length === 0) break;
    const broken = findBreak(batch, prevHash, prevSeq);
    if (broken) return { ok: false, checked: checked + batch.findIndex((e) => e.seq === broken.seq), from, to: to ?? null, firstBreak: broken };
    checked += batch.length;
    const last = batch[batch.length - 1];
    prevHash = last.hash;
    prevSeq = last.seq;
    cursor = last.seq + 1n;
    if (batch.length < BATCH) break;
  }
  return { ok: true, checked, from, to: to ?? null, firstBreak: null };
}
