import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The schema's DMMF, read by Prisma's own parser (WebAssembly, works offline). Used to write
// the DDL of new models and by the drift test that compares the schema with the database.
const require = createRequire(import.meta.url);
const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

export type DmmfField = {
  name: string;
  kind: "scalar" | "enum" | "object";
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  hasDefaultValue: boolean;
  default?: unknown;
  type: string;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
export type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
};
export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  dbName?: string | null;
  fields: { name: string }[];
};
export type Dmmf = {
  datamodel: {
    enums: { name: string; values: { name: string }[] }[];
    models: DmmfModel[];
    indexes: DmmfIndex[];
  };
};

export function loadDmmf(schemaPath = "prisma/schema.prisma"): Dmmf {
  const prismaSchema = readFileSync(schemaPath, "utf8");
  return JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema }))) as Dmmf;
}

/** The PostgreSQL column type Prisma Migrate would create for a scalar or enum field. */
export function columnType(field: DmmfField): string {
  let base: string;
  if (field.kind === "enum") base = `"${field.type}"`;
  else if (field.nativeType) {
    const [name, args] = field.nativeType;
    const native: Record<string, string> = { Uuid: "UUID", Timestamptz: "TIMESTAMPTZ", Text: "TEXT" };
    base = (native[name] ?? name.toUpperCase()) + (args.length ? `(${args.join(",")})` : "");
  } else {
    const plain: Record<string, string> = {
      String: "TEXT",
      Int: "INTEGER",
      BigInt: "BIGINT",
      Boolean: "BOOLEAN",
      DateTime: "TIMESTAMP(3)",
      Json: "JSONB",
      Float: "DOUBLE PRECISION",
      Decimal: "DECIMAL(65,30)",
      Bytes: "BYTEA",
    };
    base = plain[field.type] ?? "TEXT";
  }
  return field.isList ? `${base}[]` : base;
}
