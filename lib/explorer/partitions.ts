import { createHash } from "node:crypto";
import pg from "pg";
import { db } from "@/lib/db";
import { Invalid, NotFound } from "@/lib/errors";
import { appendLedger, SYSTEM_ACTOR, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { verifyLedger } from "@/lib/ledger/verify";

// Retention of the decision records: one partition per month. A closed month is sealed (a
// ledger entry carrying the digest of its rows and their ledger hashes; the ledger's signed
// checkpoints then cover the seal), detached, archived (e.g. as Parquet) and still verifiable:
// recompute the digest from the archived rows and check the seal entry in the ledger.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const partitionName = (month: string) => `DecisionRecord_${month.replace("-", "_")}`;

function monthOf(month: string): string {
  if (!MONTH.test(month)) throw new Invalid("month: use YYYY-MM");
  return month;
}

/** Creates this month's and the next `ahead` months' partitions (the decisions.partitions job). */
export async function ensureDecisionPartitions(ahead = 3, now = new Date()): Promise<string[]> {
  const names: string[] = [];
  for (let m = 0; m <= ahead; m++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + m, 1));
    const [row] = await db.$queryRawUnsafe<{ name: string }[]>(
      `SELECT triad_decision_partition($1::date) AS name`,
      d.toISOString().slice(0, 10),
    );
    names.push(row.name);
  }
  return names;
}

type DigestRow = { seq: string; hash: string; decision: string; subjectRef: string; policyVersion: string };

/** SHA-256 over each record's (seq, ledger hash, decision, subject, version), in seq order. */
export function partitionDigest(rows: DigestRow[]): string {
  const h = createHash("sha256");
  for (const r of rows) h.update(`${r.seq}\t${r.hash}\t${r.decision}\t${r.subjectRef}\t${r.policyVersion}\n`);
  return h.digest("hex");
}

/**
 * Runs `sql` as the tables' owner when `ownerUrl` is given (a separate connection), else on the
 * app's client. The console's role owns no table: detaching needs the owner, and a detached
 * partition is no longer readable through the parent's grant (the operator CLI passes the owner).
 */
async function run<T>(sql: string, ownerUrl?: string): Promise<T[]> {
  if (!ownerUrl) return db.$queryRawUnsafe<T[]>(sql);
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

async function digestRows(table: string, ownerUrl?: string): Promise<DigestRow[]> {
  // The table name is built from a validated month only.
  return run<DigestRow>(
    `SELECT d.seq::text AS seq, COALESCE((SELECT e.hash FROM "LogEntry" e WHERE e.seq = d.seq), 'missing') AS hash, d.decision, d."subjectRef", d."policyVersion" FROM ${table} d ORDER BY d.seq`,
    ownerUrl,
  );
}

export type Seal = {
  month: string;
  rows: number;
  firstSeq: string | null;
  lastSeq: string | null;
  digest: string;
  sealSeq: string;
};

/** Seals a month's partition: its digest goes into the ledger (action decision.partition_sealed). */
export async function sealDecisionPartition(
  month: string,
  by: LedgerActor = SYSTEM_ACTOR,
  ownerUrl?: string,
): Promise<Seal> {
  const name = partitionName(monthOf(month));
  const exists = await db.$queryRawUnsafe<{ ok: boolean }[]>(
    `SELECT to_regclass($1) IS NOT NULL AS ok`,
    `decision_parts."${name}"`,
  );
  if (!exists[0]?.ok) throw new NotFound(`No decision partition for ${month}.`);
  const rows = await digestRows(`decision_parts."${name}"`, ownerUrl);
  const digest = partitionDigest(rows);
  const body = {
    month,
    rows: rows.length,
    firstSeq: rows[0]?.seq ?? null,
    lastSeq: rows.at(-1)?.seq ?? null,
    digest,
  };
  const [seq] = await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: by,
      action: "decision.partition_sealed",
      target: target("decision", `partition:${month}`),
      details: body,
    }),
  );
  return { ...body, sealSeq: seq.toString() };
}

/** Detaches a sealed month so it can be archived and dropped; the seal stays in the ledger. */
export async function detachDecisionPartition(month: string, ownerUrl?: string): Promise<string> {
  const name = partitionName(monthOf(month));
  const sealed = await db.logEntry.findFirst({
    where: { action: "decision.partition_sealed", target: target("decision", `partition:${month}`) },
    select: { seq: true },
  });
  if (!sealed) throw new Invalid(`Seal ${month} before detaching it.`);
  await run(`ALTER TABLE "DecisionRecord" DETACH PARTITION decision_parts."${name}"`, ownerUrl);
  return `decision_parts."${name}"`;
}

export type PartitionCheck = { ok: boolean; reason: string | null; rows: number };

/**
 * Verifies a detached (or archived and reloaded) month against its seal: the seal entry is intact
 * in the ledger chain, and the digest recomputed from the rows and their ledger entries matches.
 */
export async function verifyDetachedPartition(month: string, ownerUrl?: string): Promise<PartitionCheck> {
  const name = partitionName(monthOf(month));
  const seal = await db.logEntry.findFirst({
    where: { action: "decision.partition_sealed", target: target("decision", `partition:${month}`) },
    orderBy: { seq: "desc" },
    select: { seq: true, details: true },
  });
  if (!seal) return { ok: false, reason: "no seal in the ledger", rows: 0 };
  const chain = await verifyLedger(seal.seq, seal.seq);
  if (!chain.ok) return { ok: false, reason: `the seal entry ${seal.seq} does not verify`, rows: 0 };
  const rows = await digestRows(`decision_parts."${name}"`, ownerUrl);
  const expected = seal.details as { digest?: string; rows?: number };
  if (rows.length !== expected.rows)
    return { ok: false, reason: `${rows.length} rows, the seal says ${expected.rows}`, rows: rows.length };
  if (partitionDigest(rows) !== expected.digest)
    return { ok: false, reason: "the rows do not match the sealed digest", rows: rows.length };
  return { ok: true, reason: null, rows: rows.length };
}
