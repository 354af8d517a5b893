import type { CsvTable, RowError } from "./csv";
import type { NhiRow } from "./kinds";

// AWS IAM credential report (`aws iam generate-credential-report`): one row per IAM user.
// Each becomes an NHI on platform AWS keyed by its ARN, with key ages and last-used dates.
export const AWS_REQUIRED = [
  "user",
  "arn",
  "user_creation_time",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
];
export const AWS_OPTIONAL = [
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
];
export const AWS_ROTATION_DAYS = 90;

const ARN = /^arn:aws[\w-]*:iam::(\d{12}):(root|user\/.+)$/;

function awsDate(v: string | undefined, field: string, errors: RowError[], line: number): Date | null {
  const s = (v ?? "").trim();
  if (!s || ["N/A", "not_supported", "no_information"].includes(s)) return null;
  const d = new Date(s);
  if (Number.isNaN(d.getTime())) {
    errors.push({ row: line, column: field, message: `"${s.slice(0, 40)}" is not a date` });
    return null;
  }
  return d;
}

const max = (ds: (Date | null)[]) =>
  ds.filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
const min = (ds: (Date | null)[]) =>
  ds.filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;

export function awsReportRows(table: CsvTable): { rows: NhiRow[]; errors: RowError[] } {
  const rows: NhiRow[] = [];
  const errors: RowError[] = [];
  for (const { line, values: v } of table.rows) {
    const before = errors.length;
    const m = ARN.exec(v.arn ?? "");
    if (!m)
      errors.push({
        row: line,
        column: "arn",
        message: `"${(v.arn ?? "").slice(0, 80)}" is not an IAM user ARN`,
      });
    if (!v.user?.trim()) errors.push({ row: line, column: "user", message: "is required" });
    awsDate(v.user_creation_time, "user_creation_time", errors, line);
    const keys = [1, 2].map((k) => ({
      active: (v[`access_key_${k}_active`] ?? "").toLowerCase() === "true",
      rotated: awsDate(v[`access_key_${k}_last_rotated`], `access_key_${k}_last_rotated`, errors, line),
      used: awsDate(v[`access_key_${k}_last_used_date`], `access_key_${k}_last_used_date`, errors, line),
    }));
    const certs = [1, 2].map((k) => ({
      active: (v[`cert_${k}_active`] ?? "").toLowerCase() === "true",
      rotated: awsDate(v[`cert_${k}_last_rotated`], `cert_${k}_last_rotated`, errors, line),
    }));
    const pwUsed = awsDate(v.password_last_used, "password_last_used", errors, line);
    if (errors.length > before || !m) continue;
    const activeKeys = keys.filter((k) => k.active);
    const isRoot = m[2] === "root";
    const consoleUser = (v.password_enabled ?? "").toLowerCase() === "true";
    rows.push({
      line,
      source_system: "aws-iam",
      external_id: v.arn.trim(),
      display_name: isRoot ? `AWS root account ${m[1]}` : v.user.trim().slice(0, 200),
      nhi_type: activeKeys.length
        ? "API_KEY"
        : certs.some((c) => c.active)
          ? "CERTIFICATE"
          : "SERVICE_ACCOUNT",
      platform: "AWS",
      platform_account: m[1],
      owner_email: null,
      team: null,
      // The oldest active key decides rotation: that is the credential most overdue.
      rotation_period_days: AWS_ROTATION_DAYS,
      last_rotated_at:
        min(activeKeys.map((k) => k.rotated)) ?? min(certs.filter((c) => c.active).map((c) => c.rotated)),
      expires_at: null,
      last_used_at: max([...keys.map((k) => k.used), pwUsed]),
      vendor: null,
      oauth_scopes: [],
      status: activeKeys.length || consoleUser || certs.some((c) => c.active) ? "ACTIVE" : "SUSPENDED",
      environment: "PRODUCTION",
      tags: [
        "aws-credential-report",
        ...(isRoot ? ["root"] : []),
        ...(consoleUser ? ["console-password"] : []),
        ...((v.mfa_active ?? "").toLowerCase() === "true" ? ["mfa"] : []),
      ],
    });
  }
  return { rows, errors };
}
