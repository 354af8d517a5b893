// A deterministic recommendation from the decision-support signals of one review item.
// Pure: the same signals always give the same answer, score and reasons.

export type Signals = {
  kind: "HUMAN" | "NHI" | "AGENT";
  privileged: boolean;
  /** Days since the last ALLOW of this entitlement in Triad's decision log; null = never seen. */
  daysSinceUse: number | null;
  grantedDaysAgo: number | null;
  grantSource: string | null;
  approvedBy: string | null;
  /** Share (0..1) of the subject's team holding this entitlement; null = no team. */
  peerShare: number | null;
  riskScore: number;
  /** NHI: age of the oldest live credential and the rotation policy in days. */
  credentialAgeDays?: number | null;
  maxCredentialAgeDays?: number | null;
  /** NHI: owner; agent: sponsor — is the accountable person active? */
  accountableActive?: boolean | null;
  /** Agent: decisions in the last 30 (UTC) days and the share denied. */
  toolCalls?: number | null;
  denyRate?: number | null;
};

export type Reason = { signal: string; text: string; weight: number };
export type Recommendation = { recommend: "CERTIFY" | "REVOKE"; score: number; reasons: Reason[] };

/** score 0..100 = how strongly the signals argue for revoking; ≥ 60 recommends REVOKE. */
export function recommend(s: Signals): Recommendation {
  const reasons: Reason[] = [];
  const add = (signal: string, weight: number, text: string) => reasons.push({ signal, weight, text });

  if (s.daysSinceUse === null) add("last-use", 25, "Never used according to Triad's decision log.");
  else if (s.daysSinceUse > 90) add("last-use", 30, `Last used ${s.daysSinceUse} days ago.`);
  else if (s.daysSinceUse <= 30)
    add("last-use", -25, `Used ${s.daysSinceUse === 0 ? "today" : `${s.daysSinceUse} days ago`}.`);
  else add("last-use", 0, `Last used ${s.daysSinceUse} days ago.`);

  if (s.peerShare !== null) {
    const pct = Math.round(s.peerShare * 100);
    if (s.peerShare < 0.1) add("peers", 15, `Only ${pct}% of the same team hold it.`);
    else if (s.peerShare >= 0.5) add("peers", -15, `${pct}% of the same team hold it.`);
    else add("peers", 0, `${pct}% of the same team hold it.`);
  }
  if (s.privileged) add("privileged", 10, "Privileged entitlement.");
  if (s.riskScore >= 70) add("risk", 10, `High risk score (${s.riskScore}).`);
  if (s.grantSource === "REQUEST" && s.approvedBy)
    add("granted", -5, `Requested and approved by ${s.approvedBy}.`);
  else if (s.grantSource === "IMPORT") add("granted", 5, "Imported, never requested in Triad.");

  if (s.kind === "NHI") {
    if (
      s.credentialAgeDays != null &&
      s.maxCredentialAgeDays != null &&
      s.credentialAgeDays > s.maxCredentialAgeDays
    )
      add(
        "credential-age",
        15,
        `Credential is ${s.credentialAgeDays} days old; policy allows ${s.maxCredentialAgeDays}.`,
      );
  }
  if (s.kind !== "HUMAN" && s.accountableActive === false)
    add(
      "accountable",
      20,
      s.kind === "NHI" ? "Its owner is no longer active." : "Its sponsor is no longer active.",
    );
  if (s.kind === "AGENT") {
    if (!s.toolCalls) add("tool-calls", 20, "No tool calls in the last 30 days.");
    else if ((s.denyRate ?? 0) > 0.3)
      add(
        "deny-rate",
        15,
        `${Math.round((s.denyRate ?? 0) * 100)}% of its ${s.toolCalls} tool calls were denied.`,
      );
  }

  const score = Math.max(0, Math.min(100, 50 + reasons.reduce((n, r) => n + r.weight, 0)));
  return { recommend: score >= 60 ? "REVOKE" : "CERTIFY", score, reasons };
}
