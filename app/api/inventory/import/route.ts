import { z } from "zod";
import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { BodyError, readBytes } from "@/lib/http/body";
import { errorResponse, jsonError } from "@/lib/http/json";
import { MAX_IMPORT_BYTES } from "@/lib/import/csv";
import { IMPORT_KINDS } from "@/lib/import/kinds";
import { previewImport, runImport } from "@/lib/import/jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const querySchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  mode: z.enum(["preview", "commit"]),
  job: z.uuid().optional(),
  filename: z.string().max(200).default("upload.csv"),
});

/**
 * POST /api/inventory/import?kind=nhis&mode=preview  (body: the CSV file) → validation report
 * POST /api/inventory/import?kind=nhis&mode=commit&job=<id>  (same file) → import summary
 */
export async function POST(request: Request) {
  try {
    const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams.entries()));
    const user = await assertCan("inventory:import");
    const bytes = await readBytes(request, MAX_IMPORT_BYTES).catch((error: unknown) => {
      if (error instanceof BodyError && error.code === "too_large") return null;
      throw error;
    });
    if (!bytes)
      return jsonError(413, "too_large", "The file is larger than 50 MB. Split it into smaller files.");
    if (query.mode === "preview")
      return Response.json(await previewImport(query.kind, query.filename, bytes, user.id));
    if (!query.job) return jsonError(400, "invalid_request", "job: preview the file first");
    return Response.json(await runImport(query.job, query.kind, bytes, ledgerActorOf(user)));
  } catch (error) {
    return errorResponse(error);
  }
}
