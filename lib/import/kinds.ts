import { z } from "zod";
import {
  ActorStatus,
  AutonomyLevel,
  EmploymentStatus,
  Environment,
  NhiType,
  OnBehalfOfScope,
  ResourceKind,
} from "@/lib/generated/prisma/enums";
import { MAX_DURATION_BOUNDS, maxDurationOf } from "@/lib/inventory/entitlement-settings-schema";

// The CSV formats Triad imports: one zod schema per kind, keyed by the (normalised) header.
export const IMPORT_KINDS = ["humans", "nhis", "agents", "grants", "aws-credential-report"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const upper = (values: Record<string, string>) =>
  z
    .string()
    .transform((s) =>
      s
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, "_"),
    )
    .pipe(
      z.enum(Object.values(values) as [string, ...string[]], {
        message: `must be one of ${Object.values(values).join(", ")}`,
      }),
    );
const optUpper = <T extends Record<string, string>>(values: T, fallback: T[keyof T]) =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s : fallback))
    .pipe(upper(values)) as unknown as z.ZodType<T[keyof T], string | undefined>;
const text = (max: number, label = "value") =>
  z.string().trim().min(1, "is required").max(max, `${label} is longer than ${max} characters`);
const optText = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : null))
    .pipe(z.string().max(max, `is longer than ${max} characters`).nullable());
const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
export const optDate = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = s?.trim();
    if (!v) return null;
    const d = ISO_DATE.test(v) ? new Date(v.length === 10 ? `${v}T00:00:00Z` : v) : new Date(NaN);
    if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1970 || d.getUTCFullYear() > 2200) {
      ctx.addIssue({
        code: "custom",
        message: `"${v.slice(0, 40)}" is not a date (use YYYY-MM-DD or ISO 8601)`,
      });
      return z.NEVER;
    }
    return d;
  });
// An entitlement setting in a grants file: an empty cell leaves the entitlement's setting as it
// is (undefined), so a file that does not know it never clears what an admin set.
const keepOrBool = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = (s ?? "").trim().toLowerCase();
    if (!v) return undefined;
    if (["false", "no", "0", "n"].includes(v)) return false;
    if (["true", "yes", "1", "y"].includes(v)) return true;
    ctx.addIssue({ code: "custom", message: `"${v.slice(0, 20)}" is not true/false` });
    return z.NEVER;
  });
/** A yes/no cell; empty is no. */
const optBool = keepOrBool.transform((v) => v ?? false);
const optInt = (min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((s, ctx) => {
      const v = (s ?? "").trim();
      if (!v) return null;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `"${v.slice(0, 20)}" is not a whole number between ${min} and ${max}`,
        });
        return z.NEVER;
      }
      return n;
    });
/** Minutes, or "default" for the request policy's default (null). */
const keepOrMinutes = z
  .string()
  .optional()
  .transform((s, ctx) => {
    const v = (s ?? "").trim().toLowerCase();
    if (!v) return undefined;
    if (v === "default") return null;
    const n = maxDurationOf(v);
    if (n === null) {
      ctx.addIssue({
        code: "custom",
        message: `"${v.slice(0, 20)}" is not a whole number of minutes from ${MAX_DURATION_BOUNDS.min} to ${MAX_DURATION_BOUNDS.max} (90 days) or "default"`,
      });
      return z.NEVER;
    }
    return n;
  });
const list = (max: number) =>
  z
    .string()
    .optional()
    .transform((s) => [
      ...new Set(
        (s ?? "")
          .split(/[;,\s]+/)
          .map((x) => x.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(z.array(z.string().max(200)).max(max, `has more than ${max} entries`));
const email = z.string().trim().toLowerCase().pipe(z.email("is not an email address").max(320));
const optEmail = z
  .string()
  .optional()
  .transform((s) => (s && s.trim() ? s.trim().toLowerCase() : null))
  .pipe(z.email("is not an email address").max(320).nullable());

const common = {
  source_system: z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : "csv"))
    .pipe(z.string().max(100)),
  external_id: text(255, "external id"),
  display_name: text(200, "name"),
  status: optUpper(ActorStatus, "ACTIVE"),
  environment: optUpper(Environment, "PRODUCTION"),
  team: optText(100),
  tags: list(20),
};

export const humanRowSchema = z.object({
  ...common,
  email,
  department: optText(200),
  title: optText(200),
  manager_email: optEmail,
  mfa_enrolled: optBool,
  employment_status: optUpper(EmploymentStatus, "EMPLOYEE"),
});

export const nhiRowSchema = z.object({
  ...common,
  nhi_type: upper(NhiType) as unknown as z.ZodType<NhiType, string>,
  platform: text(64, "platform"),
  platform_account: optText(200),
  owner_email: optEmail,
  rotation_period_days: optInt(1, 3650),
  last_rotated_at: optDate,
  expires_at: optDate,
  last_used_at: optDate,
  vendor: optText(200),
  oauth_scopes: list(100),
});

export const agentRowSchema = z.object({
  ...common,
  model: text(100, "model"),
  provider: text(100, "provider"),
  runtime: text(100, "runtime"),
  sponsor_email: optEmail,
  tools: list(200),
  autonomy_level: optUpper(AutonomyLevel, "SUGGEST_ONLY"),
  max_session_ttl_minutes: optInt(1, 10_080),
  on_behalf_of: optUpper(OnBehalfOfScope, "SPONSOR"),
  last_active_at: optDate,
});

export const grantRowSchema = z.object({
  actor_source_system: z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : "csv")),
  actor_external_id: text(255, "actor external id"),
  resource_source_system: z
    .string()
    .optional()
    .transform((s) => (s && s.trim() ? s.trim() : "csv")),
  resource_external_id: text(255, "resource external id"),
  resource_name: text(200, "resource name"),
  resource_kind: optUpper(ResourceKind, "APPLICATION"),
  entitlement: text(200, "entitlement"),
  privileged: keepOrBool,
  max_duration_minutes: keepOrMinutes,
  security_sign_off: keepOrBool,
  expires_at: optDate,
});

export type HumanRow = z.infer<typeof humanRowSchema> & { line: number };
export type NhiRow = z.infer<typeof nhiRowSchema> & { line: number };
export type AgentRow = z.infer<typeof agentRowSchema> & { line: number };
export type GrantRow = z.infer<typeof grantRowSchema> & { line: number };

const optionalOf = (schema: z.ZodObject, required: readonly string[]) =>
  Object.keys(schema.shape).filter((k) => !required.includes(k));

export const FORMATS = {
  humans: { schema: humanRowSchema, required: ["external_id", "display_name", "email"] },
  nhis: { schema: nhiRowSchema, required: ["external_id", "display_name", "nhi_type", "platform"] },
  agents: {
    schema: agentRowSchema,
    required: ["external_id", "display_name", "model", "provider", "runtime"],
  },
  grants: {
    schema: grantRowSchema,
    required: ["actor_external_id", "resource_external_id", "resource_name", "entitlement"],
  },
} as const;
export type CsvKind = keyof typeof FORMATS;

export function columnsOf(kind: CsvKind): { required: readonly string[]; optional: string[] } {
  const f = FORMATS[kind];
  return { required: f.required, optional: optionalOf(f.schema, f.required) };
}
