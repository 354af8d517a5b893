import { getSessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { campaignReportCsv, getCampaignName } from "@/lib/campaigns/report";
import { endIncomplete } from "@/lib/http/export-stream";

/** The campaign's evidence as CSV, streamed; for security admins and auditors. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const user = await getSessionUser();
  if (!user || user.mustChangePassword) return new Response("Sign in first.", { status: 401 });
  if (!can(user.roles, "campaigns:manage") && !can(user.roles, "audit:export"))
    return new Response("You do not have permission to export this report.", { status: 403 });
  const { id } = await params;
  const name = await getCampaignName(id);
  if (!name) return new Response("No such campaign.", { status: 404 });
  const gen = campaignReportCsv(id);
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await gen.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      } catch (error) {
        // Headers are sent: the file must say it is incomplete rather than end as if whole.
        if (!cancelled) endIncomplete(controller, { what: "campaign report", error, csv: true });
      }
    },
    async cancel() {
      cancelled = true;
      await gen.return(undefined);
    },
  });
  const file = name.replace(/[^\w.-]+/g, "-").toLowerCase();
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file}-report.csv"`,
    },
  });
}
