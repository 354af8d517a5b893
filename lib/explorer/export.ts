import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { decodeCursor, filterToSearchParams, type DecisionFilter } from "./filter";
import { csvHeader, errorTrailer, formatRow, type ExportFormat } from "./formats";
import { fetchJsonlPage } from "./export-jsonl";
import { fetchPage } from "./queries";

// Streamed exports of a filtered decision log (JSON Lines pages come ready-made from
// PostgreSQL, lib/explorer/export-jsonl.ts): pull-based (the next page is read only when the
// client has taken the previous one: backpressure, constant memory), keyset-paged, and
// ledgered before the first byte. A database error part-way ends the stream with an error
// line (never a silently truncated file) and is logged.

const PAGE = 5_000;
export const MAX_EXPORT_ROWS = 5_000_000;

export async function recordExport(
  by: LedgerActor,
  filter: DecisionFilter,
  format: ExportFormat,
  via: "console" | "api",
): Promise<void> {
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: by,
      action: "decision.exported",
      target: target("decision"),
      details: { format, via, query: filterToSearchParams(filter).toString() },
    }),
  );
}

export function exportStream(
  filter: DecisionFilter,
  format: ExportFormat,
  opts: { maxRows?: number; onEnd?: (rows: number, error: Error | null) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  let after: { at: Date; seq: bigint } | null = null;
  let sent = 0;
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          let text = "";
          if (!started) {
            started = true;
            if (format === "csv") text += csvHeader();
          }
          const want = Math.min(PAGE, max - sent);
          let next: typeof after = null;
          if (format === "jsonl") {
            const page = await fetchJsonlPage(filter, after, want);
            text += page.text;
            sent += page.rows;
            next = page.rows === want ? page.last : null;
          } else {
            const { rows, nextCursor } = await fetchPage(filter, after, want);
            for (const r of rows) text += formatRow(format, r);
            sent += rows.length;
            next = nextCursor ? decodeCursor(nextCursor) : null;
          }
          if (text) controller.enqueue(encoder.encode(text));
          if (!next || sent >= max) {
            controller.close();
            opts.onEnd?.(sent, null);
            return;
          }
          after = next;
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          console.error(`[triad] decision export failed after ${sent} rows:`, message);
          controller.enqueue(
            encoder.encode(errorTrailer(format, "the database failed part-way; this file is incomplete")),
          );
          controller.close();
          opts.onEnd?.(sent, error instanceof Error ? error : new Error(message));
        }
      },
    },
    { highWaterMark: 1 },
  );
}
