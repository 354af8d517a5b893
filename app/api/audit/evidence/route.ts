import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/json";
import { evidenceSchema, evidenceStream, recordEvidenceExport } from "@/lib/audit/evidence";

/** The evidence pack for ?from=…&to=…: the ledger slice (with its anchor) as JSON Lines. */
export async function GET(request: Request) {
  try {
    const user = await assertCan("audit:export");
    const sp = new URL(request.url).searchParams;
    const { from, to } = evidenceSchema.parse({ from: sp.get("from"), to: sp.get("to") });
    await recordEvidenceExport(ledgerActorOf(user), from, to);
    const name = `triad-evidence-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.jsonl`;
    return new Response(evidenceStream(from, to), {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
