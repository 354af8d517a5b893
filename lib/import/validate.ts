import { SETTINGS_COLUMNS } from "./settings-columns";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { checkColumns, decodeUtf8, readCsv, type CsvTable, type RowError } from "./csv";
import {
  FORMATS,
  columnsOf,
  type AgentRow,
  type CsvKind,
  type GrantRow,
  type HumanRow,
  type ImportKind,
  type NhiRow,
} from "./kinds";
import { AWS_OPTIONAL, AWS_REQUIRED, awsReportRows } from "./aws";

// Validates a whole file before anything is written: columns, every row's values, duplicate
// ids in the file and references (owners, sponsors, managers, actors of grants) in the database.
export type ParsedImport =
  | { kind: "humans"; rows: HumanRow[] }
  | { kind: "nhis"; rows: NhiRow[] }
  | { kind: "agents"; rows: AgentRow[] }
  | { kind: "grants"; rows: GrantRow[] };
export type Validation = {
  total: number;
  errors: RowError[];
  fileErrors: string[];
  parsed: ParsedImport | null;
};

export const MAX_REPORTED_ERRORS = 500;

// Rows are checked a thousand at a time with a turn of the event loop in between, for the
// decisions served by the same process (see readCsv).
const ROWS_PER_TURN = 1000;

async function rowsOf<K extends CsvKind>(kind: K, table: CsvTable, errors: RowError[]) {
  const schema = FORMATS[kind].schema;
  const out: unknown[] = [];
  for (const [i, { line, values }] of table.rows.entries()) {
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await yieldToLoop();
    if (values.__columns) {
      errors.push({
        row: line,
        message: `has ${values.__columns} values but the header has ${table.headers.length} columns`,
      });
      continue;
    }
    const r = schema.safeParse(values);
    if (r.success) out.push({ ...r.data, line });
    else
      for (const issue of r.error.issues)
        errors.push({ row: line, column: String(issue.path[0] ?? ""), message: issue.message });
  }
  return out;
}

async function humansByEmail(
  emails: string[],
): Promise<Map<string, { actorId: string; sourceSystem: string; externalId: string }>> {
  const map = new Map<string, { actorId: string; sourceSystem: string; externalId: string }>();
  for (let i = 0; i < emails.length; i += 10_000) {
    const chunk = emails.slice(i, i + 10_000);
    const rows = await db.$queryRaw<
      { actorId: string; email: string; sourceSystem: string; externalId: string }[]
    >(Prisma.sql`
      SELECT h."actorId", lower(h.email) AS email, a."sourceSystem", a."externalId" FROM "HumanProfile" h JOIN "Actor" a ON a.id = h."actorId"
      WHERE lower(h.email) = ANY(${chunk}::text[])`);
    for (const r of rows) map.set(r.email, r);
  }
  return map;
}

async function duplicates<T extends { line: number }>(
  rows: T[],
  key: (r: T) => string,
  label: string,
  errors: RowError[],
) {
  const seen = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await yieldToLoop();
    const k = key(r);
    const first = seen.get(k);
    if (first !== undefined) errors.push({ row: r.line, column: label, message: `duplicates row ${first}` });
    else seen.set(k, r.line);
  }
}

/**
 * One entitlement appears on many rows (one per holder): its settings, where given, must agree,
 * so the result does not depend on row order. Empty cells defer to the rows that give a value.
 */
function settingConflicts(rows: GrantRow[], errors: RowError[]) {
  const columns = SETTINGS_COLUMNS;
  const seen = new Map<string, { line: number; value: number | boolean | null }>();
  for (const r of rows)
    for (const column of columns) {
      const value = r[column];
      if (value === undefined) continue;
      const k = `${column}\u0000${r.resource_source_system}\u0000${r.resource_external_id}\u0000${r.entitlement}`;
      const first = seen.get(k);
      if (!first) seen.set(k, { line: r.line, value });
      else if (first.value !== value)
        errors.push({
          row: r.line,
          column,
          message: `disagrees with row ${first.line} for entitlement "${r.entitlement.slice(0, 60)}"`,
        });
    }
}

export async function validateImport(kind: ImportKind, bytes: Uint8Array): Promise<Validation> {
  const table = await readCsv(decodeUtf8(bytes));
  const errors: RowError[] = [];
  const csvKind: CsvKind = kind === "aws-credential-report" ? "nhis" : kind;
  const cols =
    kind === "aws-credential-report" ? { required: AWS_REQUIRED, optional: AWS_OPTIONAL } : columnsOf(kind);
  const fileErrors = checkColumns(table.headers, cols.required, cols.optional);
  if (fileErrors.length) return { total: table.rows.length, errors, fileErrors, parsed: null };

  let parsed: ParsedImport;
  if (kind === "aws-credential-report") {
    const r = awsReportRows(table);
    errors.push(...r.errors);
    parsed = { kind: "nhis", rows: r.rows };
  } else {
    parsed = { kind: csvKind, rows: await rowsOf(csvKind, table, errors) } as ParsedImport;
  }

  if (parsed.kind === "grants") {
    await duplicates(
      parsed.rows,
      (r) =>
        `${r.actor_source_system}\u0000${r.actor_external_id}\u0000${r.resource_source_system}\u0000${r.resource_external_id}\u0000${r.entitlement}`,
      "entitlement",
      errors,
    );
    settingConflicts(parsed.rows, errors);
    const keys = [...new Set(parsed.rows.map((r) => `${r.actor_source_system}\u0000${r.actor_external_id}`))];
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 10_000) {
      const chunk = keys.slice(i, i + 10_000).map((k) => k.split("\u0000"));
      const rows = await db.$queryRaw<{ s: string; e: string }[]>(Prisma.sql`
        SELECT a."sourceSystem" AS s, a."externalId" AS e FROM "Actor" a
        JOIN unnest(${chunk.map((c) => c[0])}::text[], ${chunk.map((c) => c[1])}::text[]) AS v(s, e) ON a."sourceSystem" = v.s AND a."externalId" = v.e`);
      for (const r of rows) found.add(`${r.s}\u0000${r.e}`);
    }
    for (const r of parsed.rows)
      if (!found.has(`${r.actor_source_system}\u0000${r.actor_external_id}`))
        errors.push({
          row: r.line,
          column: "actor_external_id",
          message: `no actor "${r.actor_external_id}" from ${r.actor_source_system}; import it first`,
        });
  } else {
    await duplicates(
      parsed.rows as { line: number; source_system: string; external_id: string }[],
      (r) => `${r.source_system}\u0000${r.external_id}`,
      "external_id",
      errors,
    );
  }

  if (parsed.kind === "humans") {
    const rows = parsed.rows;
    await duplicates(rows, (r) => r.email, "email", errors);
    const inFile = new Set(rows.map((r) => r.email));
    const refs = [
      ...new Set([
        ...rows.map((r) => r.email),
        ...rows.map((r) => r.manager_email).filter((e): e is string => !!e),
      ]),
    ];
    const known = await humansByEmail(refs);
    for (const r of rows) {
      const other = known.get(r.email);
      if (other && (other.sourceSystem !== r.source_system || other.externalId !== r.external_id)) {
        errors.push({
          row: r.line,
          column: "email",
          message: `${r.email} already belongs to ${other.externalId} (${other.sourceSystem})`,
        });
      }
      if (r.manager_email && !inFile.has(r.manager_email) && !known.has(r.manager_email))
        errors.push({ row: r.line, column: "manager_email", message: `unknown manager ${r.manager_email}` });
      if (r.manager_email === r.email)
        errors.push({
          row: r.line,
          column: "manager_email",
          message: "a person cannot be their own manager",
        });
    }
  }
  if (parsed.kind === "nhis" || parsed.kind === "agents") {
    const col = parsed.kind === "nhis" ? "owner_email" : "sponsor_email";
    const refOf = (r: NhiRow | AgentRow) => ("owner_email" in r ? r.owner_email : r.sponsor_email);
    const rows = parsed.rows as (NhiRow | AgentRow)[];
    const known = await humansByEmail([...new Set(rows.map(refOf).filter((e): e is string => !!e))]);
    for (const r of rows) {
      const e = refOf(r);
      if (e && !known.has(e))
        errors.push({
          row: r.line,
          column: col,
          message: `unknown ${parsed.kind === "nhis" ? "owner" : "sponsor"} ${e}: no person with this email`,
        });
    }
  }
  errors.sort((a, b) => a.row - b.row);
  return { total: table.rows.length, errors, fileErrors, parsed };
}
