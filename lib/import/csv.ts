import { setImmediate as yieldToLoop } from "node:timers/promises";
import { parse } from "csv-parse";

// Reading an uploaded CSV defensively: size cap, strict UTF-8, BOM, ragged rows → row errors.
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 1_000_000;

export type RowError = { row: number; column?: string; message: string };
export type CsvTable = { headers: string[]; rows: { line: number; values: Record<string, string> }[] };

export class ImportFileError extends Error {}

export function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_IMPORT_BYTES)
    throw new ImportFileError(
      `The file is ${(bytes.byteLength / 1048576).toFixed(1)} MB; the limit is 50 MB. Split it into smaller files.`,
    );
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ImportFileError("The file is not UTF-8 text. Save it as CSV UTF-8 and upload it again.");
  }
}

// The parser is fed a slice at a time and the event loop gets a turn between slices: the
// import runs in the process that serves decisions, which a 50 MB file parsed in one go would
// stall for seconds.
const SLICE = 64 * 1024;
const PARSE_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  max_record_size: 1_000_000,
  info: true,
} as const;

type ParsedRecord = { record: string[]; info: { lines: number } };

async function parseRecords(text: string, onRecord: (record: string[], line: number) => void): Promise<void> {
  const parser = parse(PARSE_OPTIONS);
  parser.on("readable", () => {
    for (let r: ParsedRecord | null; (r = parser.read() as ParsedRecord | null) !== null;)
      // `lines` is where the record ends; a quoted field's newlines put its start that much earlier.
      onRecord(r.record, r.info.lines - r.record.reduce((n, v) => n + v.split("\n").length - 1, 0));
  });
  const ended = new Promise<void>((resolve, reject) => {
    parser.once("end", resolve);
    parser.once("error", reject);
  });
  ended.catch(() => undefined); // awaited below; a parse error may come while slices are still fed
  for (let i = 0; i < text.length && !parser.destroyed;) {
    // Never between the halves of a surrogate pair: the parser encodes each slice on its own.
    let end = Math.min(i + SLICE, text.length);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end++;
    parser.write(text.slice(i, end));
    i = end;
    await yieldToLoop();
  }
  if (!parser.destroyed) parser.end();
  await ended;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

export async function readCsv(text: string): Promise<CsvTable> {
  if (!/\S/.test(text)) throw new ImportFileError("The file is empty.");
  // PostgreSQL text cannot hold NUL, and a CSV that has one is rarely text at all.
  const nul = text.indexOf("\u0000");
  if (nul >= 0)
    throw new ImportFileError(
      `The file holds a NUL character (line ${text.slice(0, nul).split("\n").length}). Save it as CSV UTF-8 and upload it again.`,
    );
  // Set by the first record, inside the callback (hence the cast: no narrowing to null here).
  let headers = null as string[] | null;
  const rows: CsvTable["rows"] = [];
  const onRecord = (values: string[], line: number) => {
    if (!headers) {
      headers = values.map((h) =>
        h
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_"),
      );
      return;
    }
    const record: Record<string, string> = {};
    headers.forEach((h, j) => (record[h] = values[j] ?? ""));
    if (values.length !== headers.length) record.__columns = String(values.length);
    rows.push({ line, values: record });
  };
  try {
    await parseRecords(text, onRecord);
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\s+/g, " ").slice(0, 200) : "unreadable";
    throw new ImportFileError(`The file is not valid CSV: ${msg}`);
  }
  if (!headers?.length) throw new ImportFileError("The file has no header row.");
  if (rows.length > MAX_IMPORT_ROWS)
    throw new ImportFileError(`The file has ${rows.length} rows; the limit is ${MAX_IMPORT_ROWS}.`);
  return { headers, rows };
}

/** File-level column check: every required column present, no unknown columns. */
export function checkColumns(
  headers: string[],
  required: readonly string[],
  optional: readonly string[],
): string[] {
  const problems: string[] = [];
  const missing = required.filter((c) => !headers.includes(c));
  if (missing.length) problems.push(`Missing column${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}.`);
  const known = new Set([...required, ...optional]);
  const unknown = headers.filter((h) => !known.has(h));
  if (unknown.length)
    problems.push(
      `Unknown column${unknown.length > 1 ? "s" : ""}: ${unknown.slice(0, 10).join(", ")}. Expected: ${[...required, ...optional].join(", ")}.`,
    );
  const dup = headers.filter((h, i) => headers.indexOf(h) !== i);
  if (dup.length)
    problems.push(`Duplicate column${dup.length > 1 ? "s" : ""}: ${[...new Set(dup)].join(", ")}.`);
  return problems;
}
