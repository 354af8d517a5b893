import { z } from "zod";

// Every environment variable Triad reads, validated once. scripts/start.ts fills in
// DATABASE_URL (embedded PostgreSQL) and AUTH_SECRET (generated, kept in .triad/) when unset.
// An empty variable means unset (shells and CI often export KEY= ).
const blankIsUnset = (v: unknown) => (v === "" ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.preprocess(
    blankIsUnset,
    z.string().url({ message: "DATABASE_URL must be a postgres:// URL" }).optional(),
  ),
  AUTH_SECRET: z.preprocess(
    blankIsUnset,
    z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME_BIND: z.preprocess(blankIsUnset, z.string().default("127.0.0.1")),
  TRIAD_DATA_DIR: z.string().default(".triad"),
  TRIAD_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TRIAD_SESSION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(8),
  TRIAD_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
  TRIAD_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  TRIAD_PUBLIC_URL: z.preprocess(blankIsUnset, z.string().url().optional()),
  // Only behind a reverse proxy that sets them: X-Forwarded-Host/-Proto are believed otherwise never.
  TRIAD_TRUSTED_PROXY: z
    .preprocess(blankIsUnset, z.enum(["true", "false", "1", "0"]).default("false"))
    .transform((v) => v === "true" || v === "1"),
  /** OIDC providers whose id tokens prove a person's delegation at token exchange (JSON list). */
  TRIAD_OIDC_ISSUERS: z.preprocess(blankIsUnset, z.string().max(10_000).optional()),
  TRIAD_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  TRIAD_ADMIN_EMAIL: z.preprocess(
    blankIsUnset,
    z.string().trim().toLowerCase().email().default("admin@triad.local"),
  ),
  /** Days a new NHI owner or agent sponsor has for the review of what they took over. */
  TRIAD_NEWCOMER_REVIEW_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  TRIAD_WEBHOOK_ALLOW_PRIVATE: z.preprocess(
    blankIsUnset,
    z
      .enum(["true", "false", "1", "0"])
      .default("false")
      .transform((v) => v === "true" || v === "1"),
  ),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (!cached) {
    const parsed = envSchema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid configuration: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url)
    throw new Error("DATABASE_URL is not set; start Triad with `npm start` to use the embedded database.");
  return url;
}

export function requireAuthSecret(): string {
  const secret = env().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set; `npm start` generates one in .triad/auth-secret.");
  return secret;
}
