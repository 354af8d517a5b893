import type { OutcomeRule } from "./schemas";

// The outcome of one stage for one subject, from its reviewers' decisions. Pure, so the rule
// table is unit-tested. ESCALATE/DELEGATE hand the item on and are not votes.

export type Vote = "ACCEPT" | "DENY" | "PENDING";
export type StageOutcome = "ACCEPTED" | "DENIED" | "PENDING" | "SILENT";

/**
 * `final` is true at the deadline: pending votes then count as silence. SILENT means nobody
 * decided enough for the rule, and the deadline rule (keep, revoke, quarantine) applies.
 */
export function stageOutcome(rule: OutcomeRule, votes: readonly Vote[], final = false): StageOutcome {
  const accepts = votes.filter((v) => v === "ACCEPT").length;
  const denies = votes.filter((v) => v === "DENY").length;
  const pending = votes.length - accepts - denies;
  const waiting = pending > 0 && !final;
  switch (rule) {
    case "ONE_ACCEPT":
      if (accepts > 0) return "ACCEPTED";
      if (waiting) return "PENDING";
      return denies > 0 ? "DENIED" : "SILENT";
    case "ALL_ACCEPT":
      if (denies > 0) return "DENIED";
      if (waiting) return "PENDING";
      return pending > 0 || accepts === 0 ? "SILENT" : "ACCEPTED";
    case "ONE_DENY":
      if (denies > 0) return "DENIED";
      if (waiting) return "PENDING";
      return accepts > 0 ? "ACCEPTED" : "SILENT";
    case "NOT_DENIED":
      if (denies > 0) return "DENIED";
      if (waiting) return "PENDING";
      return "ACCEPTED";
  }
}

export function voteOf(decision: string | null): Vote | null {
  if (decision === null) return "PENDING";
  if (decision === "ACCEPT" || decision === "CERTIFY") return "ACCEPT";
  if (decision === "REVOKE" || decision === "REDUCE") return "DENY";
  return null; // ESCALATE / DELEGATE: handed on, the new item votes
}
