import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { errorResponse } from "@/lib/http/json";
import { appendLedger } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { ledgerTable, ledgerWhere } from "@/lib/audit/queries";
import { parseTableParams } from "@/lib/table/search-params";

const MAX_ROWS = 200_000;
const BATCH = 2_000;

/** Evidence export: the filtered ledger as CSV, streamed newest first, hashes included. */
export async function GET(request: Request) {
  try {
    const user = await assertCan("audit:export");
    const params = parseTableParams(new URL(request.url).searchParams, ledgerTable);
    const where = ledgerWhere(params);
    await db.$transaction((tx) =>
      appendLedger(tx, { actor: ledgerActorOf(user), action: "audit.exported", target: target("ledger"), details: { q: params.q, filters: params.filters } }),
    );
    const csv = stringify({ escape_formulas: true, header: true, columns: ["seq", "at", "actor", "actorKind", "actorName", "action", "target", "details", "prevHash", "hash"] });
    void (async () => {
      let before: bigint | null = null;
      let sent = 0;
      try {
        while (sent < MAX_ROWS) {
          const rows: Awaited<ReturnType<typeof db.logEntry.findMany>> = await db.logEntry.findMany({
            where: before === null ? where : { AND: [where, { seq: { lt: before } }] },
            orderBy: { seq: "desc" },
            take: BATCH,
          });
          for (const r of rows) csv.write({ ...r, seq: r.seq.toString(), at: r.at.toISOString(), details: JSON.stringify(r.details) });
          sent += rows.length;
          if (rows.length < BATCH) break;
          before = rows[rows.length - 1].seq;
        }
      } finally {
        csv.end();
      }
    })();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(Readable.toWeb(csv) as ReadableStream<Uint8Array>, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="triad-ledger-${stamp}.csv"` },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
