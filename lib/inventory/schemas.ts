import { isStorableText } from "@/lib/db/storable";
import { z } from "zod";
import {
  ActorKind,
  ActorStatus,
  ClaimStatus,
  Environment,
  NhiType,
  AutonomyLevel,
} from "@/lib/generated/prisma/enums";
import { RISK_BANDS } from "@/lib/risk/score";

// URL search params of the inventory lists, parsed once on the server. Multi-value filters are
// comma-separated (`status=ACTIVE,SUSPENDED`) so a filtered view is one shareable URL.

export const INVENTORY_VIEWS = ["all", "humans", "nhis", "agents"] as const;
export type InventoryView = (typeof INVENTORY_VIEWS)[number];
export const VIEW_KIND: Record<InventoryView, ActorKind | null> = {
  all: null,
  humans: "HUMAN",
  nhis: "NHI",
  agents: "AGENT",
};

/** Sortable columns per view; keys are what the URL carries, values are whitelisted SQL. */
export const SORT_COLUMNS = {
  displayName: { sql: `a."displayName"`, keyset: true, views: INVENTORY_VIEWS },
  externalId: { sql: `a."externalId"`, keyset: true, views: INVENTORY_VIEWS },
  riskScore: { sql: `a."riskScore"`, keyset: true, views: INVENTORY_VIEWS },
  createdAt: { sql: `a."createdAt"`, keyset: true, views: INVENTORY_VIEWS },
  kind: { sql: `a.kind`, keyset: false, views: INVENTORY_VIEWS },
  status: { sql: `a.status`, keyset: false, views: INVENTORY_VIEWS },
  environment: { sql: `a.environment`, keyset: false, views: INVENTORY_VIEWS },
  department: { sql: `h.department`, keyset: false, views: ["humans"] },
  email: { sql: `h.email`, keyset: false, views: ["humans"] },
  lastCertifiedAt: { sql: `h."lastCertifiedAt"`, keyset: false, views: ["humans"] },
  platform: { sql: `n.platform`, keyset: false, views: ["nhis"] },
  nhiType: { sql: `n."nhiType"`, keyset: false, views: ["nhis"] },
  claimStatus: { sql: `n."claimStatus"`, keyset: false, views: ["nhis"] },
  lastRotatedAt: { sql: `n."lastRotatedAt"`, keyset: false, views: ["nhis"] },
  rotationDueAt: { sql: `n."rotationDueAt"`, keyset: false, views: ["nhis"] },
  expiresAt: { sql: `n."expiresAt"`, keyset: false, views: ["nhis"] },
  lastUsedAt: { sql: `n."lastUsedAt"`, keyset: false, views: ["nhis"] },
  vendor: { sql: `n.vendor`, keyset: false, views: ["nhis"] },
  provider: { sql: `g.provider`, keyset: false, views: ["agents"] },
  autonomyLevel: { sql: `g."autonomyLevel"`, keyset: false, views: ["agents"] },
  lastActiveAt: { sql: `g."lastActiveAt"`, keyset: false, views: ["agents"] },
} as const;
export type SortColumn = keyof typeof SORT_COLUMNS;
export type SortSpec = { id: SortColumn; desc: boolean };

const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(","))
            .map((s) => s.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).max(values.length));

const enumValues = <T extends Record<string, string>>(e: T) =>
  Object.values(e) as [T[keyof T], ...T[keyof T][]];
const flag = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => ["1", "true", "yes"].includes(String(Array.isArray(v) ? v[0] : (v ?? "")).toLowerCase()));
const single = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v));

// A search or platform PostgreSQL cannot hold (NUL, `%00` in the URL) is dropped like any other
// value the view cannot use, rather than failing the query (or an export part-way through its
// stream).

export const inventoryParamsSchema = z.object({
  q: single.pipe(
    z
      .string()
      .trim()
      .max(100, "Search is limited to 100 characters")
      .refine(isStorableText, "Search holds a NUL character")
      .optional(),
  ),
  kind: list(enumValues(ActorKind)),
  status: list(enumValues(ActorStatus)),
  env: list(enumValues(Environment)),
  platform: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) =>
      v === undefined
        ? []
        : (Array.isArray(v) ? v : [v])
            .flatMap((s) => s.split(","))
            .map((s) => s.trim())
            .filter((s) => s && isStorableText(s)),
    )
    .pipe(z.array(z.string().max(64)).max(50)),
  nhiType: list(enumValues(NhiType)),
  claim: list(enumValues(ClaimStatus)),
  autonomy: list(enumValues(AutonomyLevel)),
  risk: list(RISK_BANDS as unknown as [string, ...string[]]),
  overdue: flag,
  noOwner: flag,
  flagged: flag,
  sort: single.pipe(z.string().max(200).optional()),
  page: single.transform((v) => {
    const n = Number(v ?? 1);
    return Number.isInteger(n) && n >= 1 && n <= 1_000_000 ? n : 1;
  }),
  size: single.transform((v) => {
    const n = Number(v ?? 50);
    return Number.isInteger(n) && n >= 1 && n <= 200 ? n : 50;
  }),
  cursor: single.pipe(z.string().max(512).optional()),
});
export type InventoryParams = z.output<typeof inventoryParamsSchema>;

/** "riskScore.desc,displayName.asc" → specs valid for the view; unknown columns are dropped. */
export function parseSort(raw: string | undefined, view: InventoryView): SortSpec[] {
  const out: SortSpec[] = [];
  for (const part of (raw ?? "").split(",")) {
    const [id, dir] = part.split(".");
    if (!id || !Object.hasOwn(SORT_COLUMNS, id)) continue;
    const col = SORT_COLUMNS[id as SortColumn];
    if (!(col.views as readonly string[]).includes(view)) continue;
    if (out.some((s) => s.id === id)) continue;
    out.push({ id: id as SortColumn, desc: dir === "desc" });
    if (out.length === 3) break;
  }
  return out.length ? out : [{ id: "displayName", desc: false }];
}

/** Parses raw search params; invalid values fall back to defaults instead of failing the page. */
export function parseInventoryParams(raw: Record<string, string | string[] | undefined>): InventoryParams {
  const parsed = inventoryParamsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Drop just the offending keys and try again, so one bad filter does not blank the page.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)));
  return inventoryParamsSchema.parse(cleaned);
}
