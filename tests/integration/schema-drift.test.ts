import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { columnType, loadDmmf } from "@/scripts/lib/dmmf";

// Fails when prisma/schema.prisma and the SQL migrations disagree: tables, columns, types,
// nullability, enums, unique and plain indexes, foreign keys.
const { datamodel } = loadDmmf();
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
});
afterAll(() => client.end());

const normaliseType = (t: string): string =>
  t.endsWith("[]")
    ? `${normaliseType(t.slice(0, -2))}[]`
    : t
        .replace(/"/g, "")
        .replace(/^timestamp\((\d)\) with time zone$/, "TIMESTAMPTZ($1)")
        .replace(/^timestamp\((\d)\) without time zone$/, "TIMESTAMP($1)")
        .replace(/^(text|integer|bigint|boolean|jsonb|json|uuid|double precision)$/, (x) => x.toUpperCase());

describe("schema.prisma matches the migrated database", () => {
  it("has the same enums", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const db = Object.fromEntries(rows.map((r) => [r.name, r.values]));
    const schema = Object.fromEntries(datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(db).toEqual(schema);
  });

  it("has the same tables and columns", async () => {
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      type: string;
      not_null: boolean;
    }>(
      `SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '_prisma_migrations'`,
    );
    const db = rows
      .map((r) => `${r.table_name}.${r.column_name} ${normaliseType(r.type)}${r.not_null ? " NOT NULL" : ""}`)
      .sort();
    const schema = datamodel.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind !== "object")
          .map((f) => {
            const type = columnType(f).replace(/^"(.*)"(\[\])?$/, "$1$2");
            return `${m.dbName ?? m.name}.${f.name} ${type}${f.isRequired || f.isList ? " NOT NULL" : ""}`;
          }),
      )
      .sort();
    // List columns are NOT NULL in Prisma's DDL only when required; normalise arrays.
    const strip = (s: string) => s.replace(/\[\] NOT NULL$/, "[]");
    expect(db.map(strip)).toEqual(schema.map(strip));
  });

  it("has the same unique and plain indexes", async () => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' AND indexname NOT LIKE '%_pkey'`,
    );
    const db = rows
      // Partial indexes (… WHERE …) are SQL-only guards Prisma cannot express; not compared.
      // A partitioned table's indexes read "ON ONLY"; its partitions live outside public.
      .filter((r) => !/\) WHERE /.test(r.def))
      .map((r) => {
        const m = /CREATE (UNIQUE )?INDEX \S+ ON (?:ONLY )?public\."?(\w+)"? USING btree \((.*)\)$/.exec(
          r.def,
        );
        return m ? `${m[2]}(${m[3].replace(/"/g, "")})${m[1] ? " unique" : ""}` : null;
      })
      .filter((x): x is string => x !== null)
      .sort();
    const schema = datamodel.indexes
      .filter((i) => i.type === "unique" || i.type === "normal")
      .map(
        (i) => `${i.model}(${i.fields.map((f) => f.name).join(", ")})${i.type === "unique" ? " unique" : ""}`,
      )
      .sort();
    expect(db).toEqual(schema);
  });

  it("has the same foreign keys", async () => {
    const { rows } = await client.query<{ def: string }>(
      `SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    const db = rows
      .map((r) => {
        const m = /^"?(\w+)"? FOREIGN KEY \((.*?)\) REFERENCES "?(\w+)"?\((.*?)\)/.exec(r.def);
        return m ? `${m[1]}(${m[2].replace(/"/g, "")}) -> ${m[3]}(${m[4].replace(/"/g, "")})` : r.def;
      })
      .sort();
    const schema = datamodel.models
      .flatMap((m) =>
        m.fields
          .filter((f) => f.kind === "object" && f.relationFromFields?.length)
          .map(
            (f) =>
              `${m.name}(${f.relationFromFields!.join(", ")}) -> ${f.type}(${f.relationToFields!.join(", ")})`,
          ),
      )
      .sort();
    expect(db).toEqual(schema);
  });
});
