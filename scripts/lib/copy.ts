import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// The seeds' one COPY helper (scripts/seed-scale.ts, scripts/seed-decisions.ts): rows in COPY's
// text format, streamed in ~1 MB pieces with backpressure.

/** COPY text format: tab-separated, \N for NULL, escapes for backslash, tab, newline, CR. */
const esc = (v: string) =>
  /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : v;

export type Cell = string | number | boolean | Date | null | undefined | string[];

export const cell = (v: Cell): string => {
  if (v === null || v === undefined) return "\\N";
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v))
    return esc(`{${v.map((x) => `"${x.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(",")}}`);
  if (typeof v === "boolean") return v ? "t" : "f";
  return esc(String(v));
};

/** One row: its cells, tab-separated, newline-terminated. */
export const line = (cols: Cell[]) => cols.map(cell).join("\t") + "\n";

/** Streams `rows` (lines as `line` makes them) into a `COPY … FROM STDIN` statement. */
export async function copyRows(client: pg.PoolClient | pg.Client, sql: string, rows: Iterable<string>) {
  await pipeline(Readable.from(batchLines(rows)), client.query(copyFrom(sql)));
}

function* batchLines(rows: Iterable<string>): Generator<string> {
  let buf = "";
  for (const r of rows) {
    buf += r;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
