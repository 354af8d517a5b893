import { parse } from "csv-parse/sync";

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

export function readCsv(text: string): CsvTable {
  if (!text.trim()) throw new ImportFileError("The file is empty.");
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 1_000_000,
    }) as string[][];
  } catch (e) {
    const msg = e instanceof Error ? e.message.replace(/\s+/g, " ").slice(0, 200) : "unreadable";
    throw new ImportFileError(`The file is not valid CSV: ${msg}`);
  }
  const [header, ...body] = records;
  if (!header?.length) throw new ImportFileError("The file has no header row.");
  if (body.length > MAX_IMPORT_ROWS)
    throw new ImportFileError(`The file has ${body.length} rows; the limit is ${MAX_IMPORT_ROWS}.`);
  const headers = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
  const rows = body.map((values, i) => {
    const record: Record<string, string> = {};
    headers.forEach((h, j) => (record[h] = values[j] ?? ""));
    if (values.length !== headers.length) record.__columns = String(values.length);
    return { line: i + 2, values: record };
  });
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
