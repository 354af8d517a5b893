import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { Invalid } from "@/lib/errors";
import { errorResponse } from "@/lib/http/json";
import { parseDecisionFilter } from "@/lib/explorer/filter";
import { CONTENT_TYPES, EXPORT_FORMATS, type ExportFormat } from "@/lib/explorer/formats";
import { exportStream, recordExport } from "@/lib/explorer/export";

/** Export of the explorer's current view (same filter grammar): JSON Lines, CSV or OCSF, streamed. */
export async function GET(request: Request) {
  try {
    const user = await assertCan("audit:export");
    const params = new URL(request.url).searchParams;
    const format = params.get("format") ?? "jsonl";
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new Invalid(`format: use ${EXPORT_FORMATS.join(", ")}`);
    const filter = parseDecisionFilter(params);
    await recordExport(ledgerActorOf(user), filter, format as ExportFormat, "console");
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    const ext = format === "csv" ? "csv" : "jsonl";
    return new Response(exportStream(filter, format as ExportFormat), {
      headers: {
        "content-type": CONTENT_TYPES[format as ExportFormat],
        "content-disposition": `attachment; filename="triad-decisions-${format}-${stamp}.${ext}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
