import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db";
import { Invalid } from "@/lib/errors";

// Set-based upserts for imports: every value travels as a text array through unnest() and is
// cast in SQL, so 5,000 rows cost one round trip; unchanged rows are not rewritten (idempotent).
export const SEP = "\u001f";
export type Col = {
  name: string;
  /** SQL turning the text value `v.<name>` into the column type, e.g. `::timestamptz`. */
  cast: string;
  values: (string | null)[];
  /** Update expression (default EXCLUDED."name"); `t` is the existing row. */
  update?: string;
  /** Compared to decide whether a row changed (default true). */
  compare?: boolean;
};

const q = (s: string) => `"${s}"`;
const valueExpr = (c: Col, i: number) =>
  c.cast === "text[]"
    ? `COALESCE(string_to_array(v.c${i}, E'\\x1f'), '{}')`
    : c.cast === "text"
      ? `v.c${i}`
      : `v.c${i}${c.cast}`;

export const toText = (v: Date | number | boolean | string | null | undefined): string | null =>
  v === null || v === undefined ? null : v instanceof Date ? v.toISOString() : String(v);
export const toList = (v: readonly string[]) => v.join(SEP);

/** INSERT … ON CONFLICT (key) DO UPDATE … WHERE changed RETURNING the key column of changed rows. */
export async function upsertRows(
  tx: Tx,
  table: string,
  conflict: string[],
  returning: string,
  cols: Col[],
): Promise<string[]> {
  const names = cols.map((c) => q(c.name)).join(", ");
  const selects = cols.map((c, i) => valueExpr(c, i)).join(", ");
  const unnestArgs = Prisma.join(
    cols.map((c) => Prisma.sql`${c.values}::text[]`),
    ", ",
  );
  const alias = cols.map((_, i) => `c${i}`).join(", ");
  const updatable = cols.filter((c) => !conflict.includes(c.name));
  const sets = updatable.map((c) => `${q(c.name)} = ${c.update ?? `EXCLUDED.${q(c.name)}`}`).join(", ");
  const compared = updatable.filter((c) => c.compare !== false);
  const before = compared.map((c) => `t.${q(c.name)}`).join(", ");
  const after = compared.map((c) => c.update ?? `EXCLUDED.${q(c.name)}`).join(", ");
  const sql = Prisma.sql`INSERT INTO ${Prisma.raw(q(table))} AS t (${Prisma.raw(names)})
    SELECT ${Prisma.raw(selects)} FROM unnest(${unnestArgs}) AS v(${Prisma.raw(alias)})
    ON CONFLICT (${Prisma.raw(conflict.map(q).join(", "))}) DO UPDATE SET ${Prisma.raw(sets)}
    WHERE (${Prisma.raw(before)}) IS DISTINCT FROM (${Prisma.raw(after)})
    RETURNING ${Prisma.raw(`t.${q(returning)}`)} AS k, (xmax = 0) AS created`;
  const rows = await tx.$queryRaw<{ k: string; created: boolean }[]>(sql);
  return rows.map((r) => r.k);
}

/** Upserts actors keyed by (sourceSystem, externalId); returns each row's id and the changed/created ids. */
export async function upsertActors(
  tx: Tx,
  kind: "HUMAN" | "NHI" | "AGENT",
  rows: {
    source_system: string;
    external_id: string;
    display_name: string;
    status: string;
    environment: string;
    tags: string[];
    teamId: string | null;
    riskScore: number;
  }[],
): Promise<{ ids: string[]; created: Set<string>; changed: Set<string> }> {
  const result = await tx.$queryRaw<{ id: string; created: boolean }[]>(Prisma.sql`
    INSERT INTO "Actor" AS t (id, kind, "displayName", "externalId", "sourceSystem", status, environment, tags, "teamId", "riskScore", "updatedAt")
    SELECT gen_random_uuid(), ${kind}::"ActorKind", v.n, v.e, v.s, v.st::"ActorStatus", v.env::"Environment", COALESCE(string_to_array(v.tags, E'\\x1f'), '{}'), v.team::uuid, v.risk::int, now()
    FROM unnest(${rows.map((r) => r.display_name)}::text[], ${rows.map((r) => r.external_id)}::text[], ${rows.map((r) => r.source_system)}::text[],
                ${rows.map((r) => r.status)}::text[], ${rows.map((r) => r.environment)}::text[], ${rows.map((r) => toList(r.tags))}::text[], ${rows.map((r) => r.teamId)}::text[],
                ${rows.map((r) => String(r.riskScore))}::text[])
      AS v(n, e, s, st, env, tags, team, risk)
    ON CONFLICT ("sourceSystem", "externalId") DO UPDATE SET "displayName" = EXCLUDED."displayName", status = EXCLUDED.status, environment = EXCLUDED.environment,
      tags = EXCLUDED.tags, "teamId" = COALESCE(EXCLUDED."teamId", t."teamId"), "updatedAt" = now()
    WHERE t.kind = EXCLUDED.kind AND (t."displayName", t.status, t.environment, t.tags, t."teamId") IS DISTINCT FROM
      (EXCLUDED."displayName", EXCLUDED.status, EXCLUDED.environment, EXCLUDED.tags, COALESCE(EXCLUDED."teamId", t."teamId"))
    RETURNING t.id, (xmax = 0) AS created`);
  const idRows = await tx.$queryRaw<{ id: string; s: string; e: string; kind: string }[]>(Prisma.sql`
    SELECT a.id, a."sourceSystem" AS s, a."externalId" AS e, a.kind::text AS kind FROM "Actor" a
    JOIN unnest(${rows.map((r) => r.source_system)}::text[], ${rows.map((r) => r.external_id)}::text[]) AS v(s, e) ON a."sourceSystem" = v.s AND a."externalId" = v.e`);
  const byKey = new Map(idRows.map((r) => [`${r.s}${SEP}${r.e}`, r]));
  const ids = rows.map((r) => {
    const found = byKey.get(`${r.source_system}${SEP}${r.external_id}`);
    if (!found) throw new Error(`actor ${r.external_id} vanished during import`);
    if (found.kind !== kind)
      throw new Invalid(
        `Row with external id ${r.external_id} is already a ${found.kind} in the inventory, not a ${kind}.`,
      );
    return found.id;
  });
  return {
    ids,
    created: new Set(result.filter((r) => r.created).map((r) => r.id)),
    changed: new Set(result.map((r) => r.id)),
  };
}
