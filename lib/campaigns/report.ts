import { stringify } from "csv-stringify/sync";
import { db } from "@/lib/db";
import { isUuid } from "@/lib/ids";

// The auditor's evidence: every item with reviewer, decision, reason, time, latency and
// remediation state, streamed in pages of 5,000 rows.

const HEADER = [
  "item",
  "subject",
  "subject_kind",
  "resource",
  "entitlement",
  "stage",
  "assigned_by",
  "reviewer",
  "decision",
  "reason",
  "decided_at",
  "latency_ms_per_item",
  "batch_size",
  "auto_decided",
  "remediation",
  "remediation_at",
];

// Cells starting with these would run as formulas in a spreadsheet.
const safe = (v: string | null) => (v && /^[=+\-@\t\r]/.test(v) ? `'${v}` : (v ?? ""));

type Row = {
  id: string;
  subject: string;
  kind: string;
  resource: string | null;
  entitlement: string | null;
  stage: number;
  assignedBy: string;
  reviewer: string | null;
  decision: string | null;
  reason: string | null;
  decidedAt: Date | null;
  latencyMs: number | null;
  batchSize: number | null;
  autoDecided: boolean;
  remediation: string | null;
  remediationAt: Date | null;
};

export async function* campaignReportCsv(campaignId: string): AsyncGenerator<string> {
  yield stringify([HEADER]);
  let after = "00000000-0000-0000-0000-000000000000";
  for (;;) {
    const rows = await db.$queryRaw<Row[]>`
      SELECT ri.id::text, a."displayName" AS subject, a.kind::text AS kind, r.name AS resource, e.name AS entitlement, ri.stage, ri."assignedBy", rv."displayName" AS reviewer,
        ri.decision::text AS decision, ri.reason, ri."decidedAt", ri."latencyMs", ri."batchSize", ri."autoDecided", ri.remediation, ri."remediationAt"
      FROM "ReviewItem" ri JOIN "Actor" a ON a.id = ri."actorId" LEFT JOIN "Actor" rv ON rv.id = ri."reviewerId"
        LEFT JOIN "Entitlement" e ON e.id = ri."entitlementId" LEFT JOIN "Resource" r ON r.id = e."resourceId"
      WHERE ri."campaignId" = ${campaignId}::uuid AND ri.id > ${after}::uuid ORDER BY ri.id LIMIT 5000`;
    if (rows.length === 0) return;
    yield stringify(
      rows.map((r) => [
        r.id,
        safe(r.subject),
        r.kind,
        safe(r.resource),
        safe(r.entitlement),
        r.stage,
        r.assignedBy,
        safe(r.reviewer),
        r.decision ?? "",
        safe(r.reason),
        r.decidedAt?.toISOString() ?? "",
        r.latencyMs === null ? "" : Math.round(r.latencyMs / Math.max(1, r.batchSize ?? 1)),
        r.batchSize ?? "",
        r.autoDecided ? "yes" : "no",
        r.remediation ?? "",
        r.remediationAt?.toISOString() ?? "",
      ]),
    );
    after = rows[rows.length - 1].id;
  }
}

export async function getCampaignName(id: string): Promise<string | null> {
  // A uuid's shape, not just its alphabet: 36 dashes would reach PostgreSQL as a bad uuid.
  if (!isUuid(id)) return null;
  return (await db.campaign.findUnique({ where: { id }, select: { name: true } }))?.name ?? null;
}
