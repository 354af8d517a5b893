import { endIncomplete } from "@/lib/http/export-stream";
import { isStorableDate } from "@/lib/db/storable";
import { z } from "zod";
import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import type { HashedEntry } from "@/lib/ledger/hash";

// The evidence pack for a time range: a header line, the entry just before the range (the
// chain's anchor), then every ledger entry of the range in seq order, as JSON Lines with the
// fields that are hashed. Anyone can recompute the chain offline with
// scripts/verify-ledger-export.mjs (see README), and compare its head with a signed checkpoint.

export const evidenceSchema = z
  .object({ from: z.coerce.date(), to: z.coerce.date() })
  // A date PostgreSQL cannot take would fail the pack part-way.
  .refine(
    (r) => isStorableDate(r.from) && isStorableDate(r.to),
    "dates must fall between the years 1 and 9999",
  )
  .refine((r) => r.to > r.from, "the range ends before it starts")
  .refine((r) => r.to.getTime() - r.from.getTime() <= 92 * 86_400_000, "at most 92 days per pack");

const BATCH = 5_000;
const line = (e: HashedEntry & { hash: string }) =>
  `${JSON.stringify({ seq: e.seq.toString(), at: e.at.toISOString(), actor: e.actor, actorKind: e.actorKind, actorName: e.actorName, action: e.action, target: e.target, details: e.details, prevHash: e.prevHash, hash: e.hash })}\n`;

export async function recordEvidenceExport(by: LedgerActor, from: Date, to: Date): Promise<void> {
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: by,
      action: "audit.evidence_exported",
      target: target("ledger"),
      details: { from: from.toISOString(), to: to.toISOString() },
    }),
  );
}

export function evidenceStream(from: Date, to: Date): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: bigint | null = null;
  let until = 0n;
  let header = false;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let text = "";
          if (!header) {
            header = true;
            // The window as a seq range, found through the time index (`at` rises with seq):
            // ordered by seq alone, both ends walked the primary key from the wrong side.
            const [first, last] = await Promise.all([
              db.logEntry.findFirst({
                where: { at: { gte: from, lt: to } },
                orderBy: [{ at: "asc" }, { seq: "asc" }],
                select: { seq: true },
              }),
              db.logEntry.findFirst({
                where: { at: { gte: from, lt: to } },
                orderBy: [{ at: "desc" }, { seq: "desc" }],
                select: { seq: true },
              }),
            ]);
            until = last?.seq ?? 0n;
            const anchor =
              first && first.seq > 1n
                ? await db.logEntry.findUnique({ where: { seq: first.seq - 1n } })
                : null;
            text += `${JSON.stringify({ kind: "triad-ledger-evidence", version: 1, from: from.toISOString(), to: to.toISOString(), verify: "node scripts/verify-ledger-export.mjs <this file>", anchorSeq: anchor?.seq.toString() ?? null })}\n`;
            if (anchor) text += line(anchor);
            after = first ? first.seq - 1n : null;
            if (!first) {
              controller.enqueue(encoder.encode(text));
              return controller.close();
            }
          }
          const rows = await db.logEntry.findMany({
            where: { seq: { gt: after ?? 0n, lte: until } },
            orderBy: { seq: "asc" },
            take: BATCH,
          });
          for (const r of rows) text += line(r);
          controller.enqueue(encoder.encode(text));
          if (rows.length < BATCH) return controller.close();
          after = rows[rows.length - 1].seq;
        } catch (error) {
          // The client went away while a batch was read: nothing failed, and nobody to tell.
          if (cancelled) return;
          endIncomplete(controller, { what: "evidence", error, csv: false });
        }
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 1 },
  );
}
