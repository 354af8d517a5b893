import { assertCan, ledgerActorOf } from "@/lib/auth/session";
import { errorResponse } from "@/lib/http/json";
import { exportInventoryCsv } from "@/lib/inventory/export";
import { INVENTORY_VIEWS, parseInventoryParams, type InventoryView } from "@/lib/inventory/schemas";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/inventory/export?view=nhis&platform=AWS&noOwner=1 → the filtered view as CSV, streamed. */
export async function GET(request: Request) {
  try {
    const url = new URL(request.url);
    const raw = Object.fromEntries(url.searchParams.entries());
    const view = (INVENTORY_VIEWS as readonly string[]).includes(raw.view ?? "")
      ? (raw.view as InventoryView)
      : "all";
    const params = parseInventoryParams(raw);
    const user = await assertCan("inventory:export");
    const stream = await exportInventoryCsv(view, params, ledgerActorOf(user));
    const stamp = new Date().toISOString().slice(0, 10);
    return new Response(stream, {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="triad-${view}-${stamp}.csv"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
