import { stringify } from "csv-stringify/sync";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { appendLedger, type LedgerActor } from "@/lib/ledger/append";
import { endIncomplete } from "@/lib/http/export-stream";
import { inventoryFrom, inventoryWhere, type InventoryRow } from "./list";
import type { InventoryParams, InventoryView } from "./schemas";

// Streams the current filtered view as CSV: keyset batches by id, so memory stays flat at 1M rows.
const BATCH = 5000;
export const EXPORT_MAX_ROWS = 1_000_000;

const COLUMNS: Record<InventoryView, (keyof InventoryRow)[]> = {
  all: [
    "id",
    "kind",
    "displayName",
    "externalId",
    "sourceSystem",
    "status",
    "environment",
    "riskScore",
    "teamName",
    "createdAt",
  ],
  humans: [
    "id",
    "displayName",
    "email",
    "department",
    "title",
    "managerName",
    "mfaEnrolled",
    "employmentStatus",
    "lastCertifiedAt",
    "status",
    "environment",
    "riskScore",
    "externalId",
    "sourceSystem",
  ],
  nhis: [
    "id",
    "displayName",
    "nhiType",
    "platform",
    "ownerName",
    "teamName",
    "claimStatus",
    "lastRotatedAt",
    "rotationDueAt",
    "expiresAt",
    "lastUsedAt",
    "vendor",
    "oauthScopes",
    "status",
    "environment",
    "riskScore",
    "externalId",
    "sourceSystem",
  ],
  agents: [
    "id",
    "displayName",
    "model",
    "provider",
    "runtime",
    "sponsorName",
    "teamName",
    "autonomyLevel",
    "toolCount",
    "lastActiveAt",
    "status",
    "environment",
    "riskScore",
    "externalId",
    "sourceSystem",
  ],
};

async function* batches(view: InventoryView, p: InventoryParams): AsyncGenerator<InventoryRow[]> {
  const where = inventoryWhere(view, p);
  let last: string | null = null;
  let sent = 0;
  while (sent < EXPORT_MAX_ROWS) {
    const w: Prisma.Sql[] = last ? [...where, Prisma.sql`a.id > ${last}::uuid`] : where;
    const rows: InventoryRow[] = await db.$queryRaw<InventoryRow[]>(Prisma.sql`
      SELECT a.id, a.kind::text AS kind, a."displayName", a."externalId", a."sourceSystem", a.status::text AS status, a.environment::text AS environment,
        a."riskScore", t.name AS "teamName", a."createdAt",
        h.email, h.department, h.title, m."displayName" AS "managerName", h."mfaEnrolled", h."employmentStatus"::text AS "employmentStatus", h."lastCertifiedAt",
        n."nhiType"::text AS "nhiType", n.platform, o."displayName" AS "ownerName", n."claimStatus"::text AS "claimStatus", n."lastRotatedAt", n."rotationDueAt",
        n."expiresAt", n."lastUsedAt", n.vendor, n."oauthScopes",
        g.model, g.provider, g.runtime, s."displayName" AS "sponsorName", g."autonomyLevel"::text AS "autonomyLevel", cardinality(g."toolAllowList") AS "toolCount", g."lastActiveAt"
      FROM (SELECT a.id FROM ${inventoryFrom(view)} ${w.length ? Prisma.sql`WHERE ${Prisma.join(w, " AND ")}` : Prisma.empty} ORDER BY a.id LIMIT ${BATCH}) page
      JOIN "Actor" a ON a.id = page.id LEFT JOIN "Team" t ON t.id = a."teamId"
      LEFT JOIN "HumanProfile" h ON h."actorId" = a.id LEFT JOIN "Actor" m ON m.id = h."managerId"
      LEFT JOIN "NhiProfile" n ON n."actorId" = a.id LEFT JOIN "Actor" o ON o.id = n."ownerId"
      LEFT JOIN "AgentProfile" g ON g."actorId" = a.id LEFT JOIN "Actor" s ON s.id = g."sponsorId"
      ORDER BY a.id`);
    if (!rows.length) return;
    yield rows;
    sent += rows.length;
    last = rows[rows.length - 1].id;
    if (rows.length < BATCH) return;
  }
}

const cell = (v: unknown) =>
  v instanceof Date
    ? v.toISOString()
    : Array.isArray(v)
      ? v.join(" ")
      : typeof v === "bigint"
        ? Number(v)
        : v;

/**
 * A web ReadableStream of CSV for a route handler; the export itself is ledgered first. A batch
 * at a time, as the client reads; a database failure part-way ends the file with a line saying it
 * is incomplete (a cut file must not pass for a whole one), like the ledger and decision exports.
 */
export async function exportInventoryCsv(
  view: InventoryView,
  p: InventoryParams,
  by: LedgerActor,
): Promise<ReadableStream<Uint8Array>> {
  await db.$transaction((tx) =>
    appendLedger(tx, {
      actor: by,
      action: "inventory.exported",
      target: `inventory:${view}`,
      details: {
        filters: JSON.parse(JSON.stringify({ ...p, page: undefined, size: undefined, cursor: undefined })),
      },
    }),
  );
  const columns = COLUMNS[view];
  const source = batches(view, p);
  const encoder = new TextEncoder();
  let header = stringify([columns.map(String)]);
  let sent = 0;
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const next = await source.next();
          const rows = next.done ? [] : next.value;
          const text =
            header +
            stringify(
              rows.map((r) => columns.map((c) => cell(r[c]))),
              { escape_formulas: true },
            );
          header = "";
          if (text) controller.enqueue(encoder.encode(text));
          sent += rows.length;
          if (next.done) controller.close();
        } catch (error) {
          // The client went away while a batch was read: nothing failed, and nobody to tell.
          if (cancelled) return;
          endIncomplete(controller, { what: "inventory", sent, error, pending: header, csv: true });
        }
      },
      async cancel() {
        cancelled = true;
        await source.return(undefined);
      },
    },
    { highWaterMark: 1 },
  );
}
