import type { DecisionListRow } from "./queries";

// The export formats of the decision log: JSON Lines (our own record), CSV (for spreadsheets)
// and OCSF 1.x "Authorize Session" (class 3003, category 3 Identity & Access Management) for SIEMs.

export const EXPORT_FORMATS = ["jsonl", "csv", "ocsf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  ocsf: "application/x-ndjson; charset=utf-8",
};

export const CSV_COLUMNS = [
  "decision_id",
  "time",
  "decision",
  "subject_kind",
  "subject_id",
  "subject_name",
  "on_behalf_of_id",
  "on_behalf_of_name",
  "action",
  "resource_type",
  "resource_id",
  "policies",
  "policy_set_version",
  "api_client",
  "reason",
  "trace_id",
] as const;

export function jsonRecord(r: DecisionListRow) {
  return {
    decision_id: r.seq,
    time: r.at,
    decision: r.decision,
    subject: { kind: r.subjectKind, id: r.subjectId, name: r.subjectName, ref: r.subjectRef },
    on_behalf_of: r.onBehalfOfId ? { id: r.onBehalfOfId, name: r.onBehalfOfName } : null,
    action: r.action,
    resource: { type: r.resourceType, id: r.resourceId },
    policies: r.policies,
    policy_set_version: r.policyVersion,
    api_client: r.clientName,
    reason: r.reason,
    trace_id: r.traceId,
  };
}

// Spreadsheet formula injection: a cell starting with = + - @ (or tab/CR) is prefixed with '.
const cell = (v: string | null | undefined): string => {
  let s = v ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const csvHeader = () => `${CSV_COLUMNS.join(",")}\r\n`;

export function csvLine(r: DecisionListRow): string {
  return (
    [
      r.seq,
      r.at,
      r.decision,
      r.subjectKind,
      r.subjectId,
      r.subjectName,
      r.onBehalfOfId,
      r.onBehalfOfName,
      r.action,
      r.resourceType,
      r.resourceId,
      r.policies.join(" "),
      r.policyVersion,
      r.clientName,
      r.reason,
      r.traceId,
    ]
      .map(cell)
      .join(",") + "\r\n"
  );
}

export const OCSF_VERSION = "1.3.0";
const USER_TYPE: Record<string, { type_id: number; type: string }> = {
  HUMAN: { type_id: 1, type: "User" },
  NHI: { type_id: 3, type: "System" },
  AGENT: { type_id: 99, type: "AI Agent" },
};

/** One decision as an OCSF Authorize Session event (activity 1 "Assign Privileges"; a deny is status Failure). */
export function ocsfEvent(r: DecisionListRow) {
  const allowed = r.decision === "ALLOW";
  const kind = USER_TYPE[r.subjectKind] ?? { type_id: 99, type: r.subjectKind };
  return {
    category_uid: 3,
    category_name: "Identity & Access Management",
    class_uid: 3003,
    class_name: "Authorize Session",
    activity_id: 1,
    activity_name: "Assign Privileges",
    type_uid: 300301,
    type_name: "Authorize Session: Assign Privileges",
    time: Date.parse(r.at),
    severity_id: allowed ? 1 : 3,
    severity: allowed ? "Informational" : "Medium",
    status_id: allowed ? 1 : 2,
    status: allowed ? "Success" : "Failure",
    status_detail: r.reason,
    message: `${r.decision} ${r.action} on ${r.resourceType}:${r.resourceId} for ${r.subjectName ?? r.subjectRef}`,
    metadata: {
      version: OCSF_VERSION,
      uid: r.seq,
      product: { name: "Triad", vendor_name: "Triad", feature: { name: "Decision API" } },
      ...(r.traceId ? { correlation_uid: r.traceId } : {}),
      labels: r.policies,
    },
    user: {
      uid: r.subjectId ?? r.subjectRef,
      name: r.subjectName ?? r.subjectRef,
      type_id: kind.type_id,
      type: kind.type,
    },
    privileges: [`${r.action} ${r.resourceType}:${r.resourceId}`],
    ...(r.onBehalfOfId
      ? {
          actor: {
            user: { uid: r.onBehalfOfId, name: r.onBehalfOfName ?? r.onBehalfOfId, type_id: 1, type: "User" },
          },
        }
      : {}),
    unmapped: {
      decision: r.decision,
      policies: r.policies,
      policy_set_version: r.policyVersion,
      api_client: r.clientName,
      acting_as_agent: r.subjectKind === "AGENT",
    },
  };
}

export function formatRow(format: ExportFormat, r: DecisionListRow): string {
  if (format === "csv") return csvLine(r);
  return `${JSON.stringify(format === "ocsf" ? ocsfEvent(r) : jsonRecord(r))}\n`;
}
