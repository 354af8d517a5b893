import type { PoolClient } from "pg";
import { HEAD_SQL, LEDGER_LOCK_KEY, linkEvents, LOCK_SQL, prepareEvents, type LedgerEvent } from "./append";

/**
 * The same append on a plain `pg` connection inside the caller's BEGIN … COMMIT. The decision
 * API's group commit uses it: five statements on a raw connection cost a fraction of a Prisma
 * interactive transaction, which is most of a decision's latency.
 */
export async function appendLedgerRaw(client: PoolClient, events: LedgerEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  const prepared = prepareEvents(events);
  await client.query(LOCK_SQL, [LEDGER_LOCK_KEY]);
  const { rows } = await client.query<{ seq: string; hash: string }>(HEAD_SQL);
  const { seqs, inserts } = linkEvents(rows[0] ?? null, prepared);
  for (const insert of inserts) await client.query(insert.text, insert.values);
  return seqs;
}
