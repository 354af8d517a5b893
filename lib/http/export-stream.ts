// The end of an export stream that failed part-way, one way for every export (ledger CSV,
// decision log in CSV/JSON Lines/OCSF, inventory CSV).

const encoder = new TextEncoder();

/** The last line of an export that failed part-way, so a reader knows it is incomplete. */
function errorTrailer(csv: boolean, message: string): string {
  if (csv) return `# EXPORT INCOMPLETE: ${message.replace(/[\r\n]+/g, " ")}\r\n`;
  return `${JSON.stringify({ error: "export_incomplete", message })}\n`;
}

/**
 * Logs the failure and closes the stream after `pending` (the header, when nothing was sent yet)
 * and the trailer: a cut file must not pass for a whole one.
 */
export function endIncomplete(
  controller: ReadableStreamDefaultController<Uint8Array>,
  o: { what: string; sent?: number; error: unknown; pending?: string; csv: boolean },
): void {
  console.error(
    `[triad] ${o.what} export failed ${o.sent === undefined ? "part-way" : `after ${o.sent} rows`}:`,
    o.error instanceof Error ? o.error.message : o.error,
  );
  controller.enqueue(
    encoder.encode(
      (o.pending ?? "") + errorTrailer(o.csv, "the database failed part-way; this file is incomplete"),
    ),
  );
  controller.close();
}
