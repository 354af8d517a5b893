import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { decodeCursor, filterToSearchParams, type DecisionFilter } from "./filter";
import { csvHeader, formatRow, type ExportFormat } from "./formats";
import { endIncomplete } from "@/lib/http/export-stream";
import { fetchJsonlPage } from "./export-jsonl";
import { fetchPage } from "./queries";

// Streamed exports of a filtered decision log (JSON Lines pages come ready-made from
// PostgreSQL, lib/explorer/export-jsonl.ts): pull-based (one page is read ahead; the next only
// once the client has taken the previous one: backpressure, constant memory), keyset-paged, and
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

type Key = { at: Date; seq: bigint };
type Page = { text: string; rows: number; next: Key | null };

/** One page of the export after `after`, formatted; `next` is null after the last page. */
async function formatPage(
  filter: DecisionFilter,
  format: ExportFormat,
  after: Key | null,
  want: number,
): Promise<Page> {
  if (format === "jsonl") {
    const page = await fetchJsonlPage(filter, after, want);
    return { text: page.text, rows: page.rows, next: page.rows === want ? page.last : null };
  }
  const { rows, nextCursor } = await fetchPage(filter, after, want);
  let text = "";
  for (const r of rows) text += formatRow(format, r);
  return { text, rows: rows.length, next: nextCursor ? decodeCursor(nextCursor) : null };
}

export function exportStream(
  filter: DecisionFilter,
  format: ExportFormat,
  opts: { maxRows?: number; onEnd?: (rows: number, error: Error | null) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const max = opts.maxRows ?? MAX_EXPORT_ROWS;
  let sent = 0;
  let header = format === "csv" ? csvHeader() : "";
  let cancelled = false;
  // One page read ahead while the client takes the current one (at most two pages in memory).
  let ahead: Promise<Page> | null = null;
  const fetchAhead = (after: Key | null, want: number) => {
    const page = formatPage(filter, format, after, want);
    page.catch(() => undefined); // awaited on the next pull; not an unhandled rejection meanwhile
    return page;
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const page = await (ahead ?? fetchAhead(null, Math.min(PAGE, max)));
          ahead = null;
          sent += page.rows;
          const more = page.next !== null && sent < max;
          if (more) ahead = fetchAhead(page.next, Math.min(PAGE, max - sent));
          const text = header + page.text;
          header = "";
          if (text) controller.enqueue(encoder.encode(text));
          if (!more) {
            controller.close();
            opts.onEnd?.(sent, null);
          }
        } catch (error) {
          // The client went away while a page was read: nothing failed, and nobody to tell.
          if (cancelled) return;
          endIncomplete(controller, {
            what: "decision",
            sent,
            error,
            pending: header,
            csv: format === "csv",
          });
          opts.onEnd?.(sent, error instanceof Error ? error : new Error(String(error)));
        }
      },
      cancel() {
        cancelled = true;
      },
    },
    { highWaterMark: 1 },
  );
}
