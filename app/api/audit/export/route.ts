import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { errorResponse } from "@/lib/http/json";
import { appendLedger } from "@/lib/ledger/append";
import { target } from "@/lib/ledger/actions";
import { ledgerCsvStream } from "@/lib/audit/export";
import { ledgerQuery, ledgerTable } from "@/lib/audit/queries";
import { parseTableParams } from "@/lib/table/search-params";

/** Evidence export: the filtered ledger as CSV, streamed newest first, hashes included. */
export async function GET(request: Request) {
  try {
    const user = await assertCan("audit:export");
    const params = parseTableParams(new URL(request.url).searchParams, ledgerTable);
    const query = await ledgerQuery(params);
    await db.$transaction((tx) =>
      appendLedger(tx, {
        actor: ledgerActorOf(user),
        action: "audit.exported",
        target: target("ledger"),
        details: { q: params.q, filters: params.filters },
      }),
    );
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(ledgerCsvStream(query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="triad-ledger-${stamp}.csv"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
