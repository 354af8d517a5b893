import { z } from "zod";
import { assertCan } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/json";
import { getImportJob } from "@/lib/import/jobs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/inventory/import/<job id> → status and progress (polled by the progress bar). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const id = z.uuid().parse((await params).id);
    await assertCan("inventory:import");
    const job = await getImportJob(id);
    return Response.json(job, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
