// Risk of one actor: a score 0–100, the reasons behind it, and a band. Pure: the inputs are
// plain values, so the same function scores an actor on a page, on import and in the scale seed.

export type RiskBand = "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";
export const RISK_BANDS: readonly RiskBand[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** Score ranges of each band, [min, max] inclusive; lists filter with these (indexed). */
export const BAND_RANGES: Record<RiskBand, [number, number]> = {
  LOW: [0, 24],
  MEDIUM: [25, 49],
  HIGH: [50, 74],
  CRITICAL: [75, 100],
};

export type RiskReason = { code: string; label: string; points: number };
export type Risk = { score: number; band: RiskBand; reasons: RiskReason[] };

export type RiskInput = {
  kind: "HUMAN" | "NHI" | "AGENT";
  status: "ACTIVE" | "SUSPENDED" | "OFFBOARDING" | "RETIRED";
  flaggedAt?: Date | null;
  privilegedGrants?: number;
  human?: { mfaEnrolled: boolean; employmentStatus: string } | null;
  nhi?: {
    ownerId: string | null;
    claimStatus: string;
    rotationPeriodDays: number | null;
    lastRotatedAt: Date | null;
    expiresAt: Date | null;
    lastUsedAt: Date | null;
    vendor: string | null;
    oauthScopes: readonly string[];
  } | null;
  agent?: { sponsorId: string | null; autonomyLevel: string; toolAllowList: readonly string[] } | null;
};

const DAY = 86_400_000;
const BROAD_SCOPE = /(^\*$|admin|full|all|write|\.manage|:manage|owner|root|repo$|offline_access)/i;
const PRIVILEGED_TOOL = /(admin|delete|drop|deploy|exec|shell|sudo|payment|transfer|write|iam|secret|prod)/i;

export function bandOf(score: number): RiskBand {
  for (const band of RISK_BANDS) {
    const [min, max] = BAND_RANGES[band];
    if (score >= min && score <= max) return band;
  }
  return "CRITICAL";
}

export function isBroadScopeSet(scopes: readonly string[]): boolean {
  return scopes.length > 5 || scopes.some((s) => BROAD_SCOPE.test(s));
}

export function scoreRisk(input: RiskInput, now: Date = new Date()): Risk {
  const reasons: RiskReason[] = [];
  const add = (code: string, label: string, points: number) => reasons.push({ code, label, points });
  const priv = input.privilegedGrants ?? 0;
  if (priv > 0)
    add(
      "privileged_grant",
      `Holds ${priv} privileged entitlement${priv === 1 ? "" : "s"}`,
      Math.min(15 + 5 * (priv - 1), 30),
    );
  if (input.flaggedAt) add("flagged_leaver", "Its human owner or sponsor is leaving", 25);
  if (input.status === "OFFBOARDING") add("offboarding", "Offboarding but still present", 10);

  const h = input.human;
  if (h && !h.mfaEnrolled && input.status === "ACTIVE") add("no_mfa", "No MFA enrolled", 10);
  if (h && h.employmentStatus === "TERMINATED" && input.status !== "RETIRED")
    add("terminated_active", "Terminated but not retired", 30);

  const n = input.nhi;
  if (n) {
    if (!n.ownerId)
      add("no_owner", n.claimStatus === "ORPHANED" ? "Orphaned: its owner left" : "No owner", 25);
    if (n.rotationPeriodDays && n.lastRotatedAt) {
      const ageDays = Math.floor((now.getTime() - n.lastRotatedAt.getTime()) / DAY);
      if (ageDays > n.rotationPeriodDays)
        add(
          "rotation_overdue",
          `Credential is ${ageDays} days old (rotation period ${n.rotationPeriodDays})`,
          20,
        );
    } else if (n.rotationPeriodDays && !n.lastRotatedAt) {
      add("never_rotated", "Never rotated", 10);
    }
    if (n.expiresAt && n.expiresAt.getTime() < now.getTime()) add("expired", "Expired but still active", 15);
    if (n.lastUsedAt && now.getTime() - n.lastUsedAt.getTime() > 90 * DAY)
      add("unused", "Unused for more than 90 days", 10);
    if (n.vendor && isBroadScopeSet(n.oauthScopes))
      add("vendor_broad_scopes", `Third-party vendor ${n.vendor} with broad scopes`, 20);
  }

  const a = input.agent;
  if (a) {
    if (!a.sponsorId) add("no_sponsor", "No sponsor", 25);
    const privTools = a.toolAllowList.filter((t) => PRIVILEGED_TOOL.test(t));
    if (a.autonomyLevel === "BOUNDED_AUTONOMY" && (privTools.length > 0 || priv > 0)) {
      add("autonomous_privileged", "Bounded autonomy with privileged tools", 25);
    }
  }

  if (input.status === "RETIRED") return { score: 0, band: "LOW", reasons: [] };
  const score = Math.min(
    100,
    reasons.reduce((s, r) => s + r.points, 0),
  );
  return { score, band: bandOf(score), reasons: reasons.sort((x, y) => y.points - x.points) };
}
