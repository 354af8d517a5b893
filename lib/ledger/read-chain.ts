import pg from "pg";
import { requireDatabaseUrl } from "@/lib/env";

// Reads the chain in stored text form for verification and export, on its own connection (not
// the decision API's pool): seq as decimal text (ordered by the column, not the text alias), time as ISO 8601 in UTC with milliseconds (the
// hashed form) and details as the JSON text. While one batch is hashed the next is on its way.

export type StoredRow = [
  seq: string,
  at: string,
  actor: string,
  actorKind: string,
  actorName: string | null,
  action: string,
  target: string | null,
  details: string,
  prevHash: string,
  hash: string,
];

const BATCH = 10_000;
const SQL = `SELECT seq::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor, "actorKind", "actorName",
  action, target, details::text, "prevHash", hash FROM "LogEntry" e WHERE e.seq >= $1 AND e.seq <= $2 ORDER BY e.seq LIMIT ${BATCH}`;
const MAX = "9223372036854775807";

export async function withChainReader<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: requireDatabaseUrl() });
  await client.connect();
  try {
    // One snapshot for the whole read, so the head and the checkpoints agree with the rows.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    return await run(client);
  } finally {
    await client.query("ROLLBACK").catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** The id other connections import `client`'s snapshot by (SET TRANSACTION SNAPSHOT). */
export async function exportSnapshot(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>("SELECT pg_export_snapshot() AS id");
  const id = rows[0].id;
  // SET TRANSACTION SNAPSHOT takes no bind parameter: the id is the server's, checked anyway.
  if (!/^[0-9A-F-]+$/i.test(id)) throw new Error(`unexpected snapshot id ${id}`);
  return id;
}

/** Starts a read-only transaction on `client` that sees exactly the exported snapshot `id`. */
export async function joinSnapshot(client: pg.Client, id: string): Promise<void> {
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  await client.query(`SET TRANSACTION SNAPSHOT '${id}'`);
}

/**
 * `count` more read-only connections in the snapshot of `client`'s transaction (which must be
 * REPEATABLE READ, as withChainReader's is, and stay open meanwhile): readers side by side that see
 * exactly the rows, head and checkpoints it sees.
 */
export async function withSnapshotReader<T>(
  client: pg.Client,
  count: number,
  run: (clients: pg.Client[]) => Promise<T>,
): Promise<T> {
  const id = await exportSnapshot(client);
  const clients = Array.from(
    { length: count },
    () => new pg.Client({ connectionString: requireDatabaseUrl() }),
  );
  try {
    await Promise.all(
      clients.map(async (c) => {
        await c.connect();
        await joinSnapshot(c, id);
      }),
    );
    return await run(clients);
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

/** Batches of consecutive stored rows with from ≤ seq ≤ to, in order. */
export async function* readChain(client: pg.Client, from: bigint, to?: bigint): AsyncGenerator<StoredRow[]> {
  const upper = to?.toString() ?? MAX;
  const fetch = (start: string) =>
    client.query<StoredRow>({ text: SQL, values: [start, upper], rowMode: "array" }).then((r) => r.rows);
  let next = fetch(from.toString());
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    const full = rows.length === BATCH;
    if (full) next = fetch((BigInt(rows[rows.length - 1][0]) + 1n).toString());
    yield rows;
    if (!full) return;
  }
}

export async function entryHash(client: pg.Client, seq: bigint): Promise<string | null> {
  const { rows } = await client.query<{ hash: string }>(`SELECT hash FROM "LogEntry" WHERE seq = $1`, [
    seq.toString(),
  ]);
  return rows[0]?.hash ?? null;
}

/**
 * The first seq whose details are stored as the text hashed (migration 20261130180000); entries
 * before it hold jsonb's output text. The migration writes it once; without it nothing can tell
 * which entries to compare byte for byte, so verification and exports refuse to go on.
 */
export async function verbatimFrom(client: pg.Client): Promise<bigint> {
  const { rows } = await client.query<{ seq: string }>(
    `SELECT "verbatimFrom"::text AS seq FROM "LedgerFormat"`,
  );
  if (rows.length !== 1 || !/^[1-9]\d{0,15}$/.test(rows[0].seq))
    throw new Error('the ledger\'s format mark ("LedgerFormat") is missing or invalid');
  return BigInt(rows[0].seq);
}

export async function headSeq(client: pg.Client): Promise<bigint> {
  const { rows } = await client.query<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM "LogEntry"`);
  return BigInt(rows[0]?.seq ?? "0");
}

export type StoredCheckpoint = { seq: bigint; headHash: string; at: Date; keyId: string; signature: string };

export async function checkpointsBetween(
  client: pg.Client,
  from: bigint,
  to?: bigint,
): Promise<StoredCheckpoint[]> {
  const { rows } = await client.query<{
    seq: string;
    headHash: string;
    at: Date;
    keyId: string;
    signature: string;
  }>(
    `SELECT seq::text AS seq, "headHash", at, "keyId", signature FROM "LedgerCheckpoint" c WHERE c.seq >= $1 AND c.seq <= $2 ORDER BY c.seq`,
    [from.toString(), to?.toString() ?? MAX],
  );
  return rows.map((r) => ({ ...r, seq: BigInt(r.seq) }));
}
