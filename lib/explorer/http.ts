import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { verifyBearer } from "@/lib/api-clients/verify";
import { isDomainError } from "@/lib/errors";
import { parseDecisionFilter } from "./filter";
import { EXPORT_FORMATS, CONTENT_TYPES, jsonRecord, ocsfEvent, type ExportFormat } from "./formats";
import { exportStream, recordExport } from "./export";
import { listDecisions } from "./queries";
import type { LeanRoute } from "@/lib/server/lean-routes";

// GET /api/v1/decisions: the decision log for collectors and SIEMs (API clients with the
// audit:read scope). The query is the explorer's filter grammar, with a mandatory window;
// cursor paging (`next_cursor`), `format=json` (default, a page), `ocsf` (a page of OCSF events)
// or `jsonl`/`csv` with `stream=1` for a whole window streamed. Each call is ledgered.

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

async function handleDecisions(req: IncomingMessage, res: ServerResponse) {
  try {
    const client = await verifyBearer(req.headers.authorization);
    if (!client)
      return send(
        res,
        401,
        { error: "unauthorized", message: "send Authorization: Bearer <API client token>" },
        { "www-authenticate": 'Bearer realm="triad"' },
      );
    if (!client.scopes.includes("audit:read"))
      return send(res, 403, { error: "forbidden", message: "this API client lacks the audit:read scope" });
    const url = new URL(req.url ?? "/", "http://localhost");
    const params = url.searchParams;
    const format = params.get("format") ?? "json";
    if (format !== "json" && !(EXPORT_FORMATS as readonly string[]).includes(format))
      return send(res, 400, {
        error: "invalid_request",
        message: `format: use json, ${EXPORT_FORMATS.join(", ")}`,
      });
    const sizeText = params.get("size");
    if (sizeText !== null && !/^\d{1,4}$/.test(sizeText))
      return send(res, 400, { error: "invalid_request", message: "size: a whole number from 1 to 500" });
    const filter = parseDecisionFilter(params, { requireWindow: true });
    const by = { id: client.id, kind: "API_CLIENT" as const, name: client.name };
    if (params.get("stream") === "1" && (format === "jsonl" || format === "csv" || format === "ocsf")) {
      await recordExport(by, filter, format, "api");
      res.writeHead(200, {
        "content-type": CONTENT_TYPES[format as ExportFormat],
        "cache-control": "no-store",
      });
      Readable.fromWeb(
        exportStream(filter, format as ExportFormat) as import("node:stream/web").ReadableStream,
      ).pipe(res);
      return;
    }
    const page = await listDecisions(filter, {
      cursor: params.get("cursor"),
      size: sizeText ? Number(sizeText) : 100,
    });
    await recordExport(by, filter, format === "ocsf" ? "ocsf" : "jsonl", "api");
    send(res, 200, {
      decisions: page.rows.map((r): object => (format === "ocsf" ? ocsfEvent(r) : jsonRecord(r))),
      next_cursor: page.nextCursor,
    });
  } catch (error) {
    if (res.headersSent) return void res.destroy();
    if (isDomainError(error) && error.status < 500)
      return send(res, error.status, {
        error: error.code === "invalid" ? "invalid_request" : error.code,
        message: error.message,
      });
    const code = (error as { code?: string }).code;
    if (code === "57014")
      return send(res, 400, {
        error: "query_too_broad",
        message: "the search ran past its time limit; narrow the window or add filters",
      });
    console.error("[triad] /api/v1/decisions failed", error instanceof Error ? error.message : error);
    send(res, 503, { error: "unavailable", message: "the decision log could not be read; try again" });
  }
}

export const explorerRoutes: LeanRoute[] = [
  { method: "GET", path: "/api/v1/decisions", handler: handleDecisions },
];
