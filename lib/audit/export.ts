import { endIncomplete } from "@/lib/http/export-stream";
import { stringify } from "csv-stringify/sync";
import type { Prisma } from "@/lib/generated/prisma/client";
import { readLedger, type LedgerQuery } from "./queries";

// The audit page's CSV export as a pull-based stream: the next page is read only when the client
// has taken the previous one (backpressure, constant memory). A database error part-way ends the
// file with an "EXPORT INCOMPLETE" line and is logged: never an unhandled rejection, never a
// silently truncated 200.

export const LEDGER_EXPORT_MAX_ROWS = 200_000;
const BATCH = 2_000;
const COLUMNS = [
  "seq",
  "at",
  "actor",
  "actorKind",
  "actorName",
  "action",
  "target",
  "details",
  "prevHash",
  "hash",
] as const;

/** Up to `take` entries before seq `before` (null: from the head), newest first. */
type Fetch = (
  before: bigint | null,
  take: number,
) => Promise<
  {
    seq: bigint;
    at: Date;
    actor: string;
    actorKind: string;
    actorName: string | null;
    action: string;
    target: string | null;
    details: Prisma.JsonValue;
    prevHash: string;
    hash: string;
  }[]
>;

export function ledgerCsvStream(
  query: LedgerQuery,
  opts: { fetch?: Fetch; maxRows?: number } = {},
): ReadableStream<Uint8Array> {
  const fetch: Fetch = opts.fetch ?? ((before, take) => readLedger(query, take, before));
  const max = opts.maxRows ?? LEDGER_EXPORT_MAX_ROWS;
  const encoder = new TextEncoder();
  let before: bigint | null = null;
  let sent = 0;
  let header = stringify([COLUMNS as unknown as string[]]);
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const rows = await fetch(before, Math.min(BATCH, max - sent));
          const text =
            header +
            stringify(
              rows.map((r) => [
                r.seq.toString(),
                r.at.toISOString(),
                r.actor,
                r.actorKind,
                r.actorName ?? "",
                r.action,
                r.target ?? "",
                JSON.stringify(r.details),
                r.prevHash,
                r.hash,
              ]),
              { escape_formulas: true },
            );
          header = "";
          if (text) controller.enqueue(encoder.encode(text));
          sent += rows.length;
          if (rows.length < BATCH || sent >= max) return controller.close();
          before = rows[rows.length - 1].seq;
        } catch (error) {
          // The client went away while a batch was read: nothing failed, and nobody to tell.
          if (cancelled) return;
          endIncomplete(controller, { what: "audit", sent, error, pending: header, csv: true });
        }
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 1 },
  );
}
