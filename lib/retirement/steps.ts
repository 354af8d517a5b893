import type { RetirementStep } from "@/lib/generated/prisma/enums";

/** The retirement checklist, in the order the server enforces. */
export const RETIREMENT_STEPS: readonly RetirementStep[] = [
  "DISABLE",
  "REVOKE_CREDENTIALS",
  "REMOVE_GRANTS",
  "CONFIRM_TARGET",
  "ARCHIVE",
] as const;

export const STEP_LABELS: Record<RetirementStep, { title: string; help: string }> = {
  DISABLE: {
    title: "Disable",
    help: "Stop the identity from authenticating: no new tokens, its API clients are revoked.",
  },
  REVOKE_CREDENTIALS: {
    title: "Revoke every credential",
    help: "Every key, certificate and token recorded for it is revoked.",
  },
  REMOVE_GRANTS: {
    title: "Remove every grant",
    help: "Every active grant ends, each with its own revocation record.",
  },
  CONFIRM_TARGET: {
    title: "Confirm in the target system",
    help: "The owner attests the account is gone on the platform itself, with evidence (ticket, link or text).",
  },
  ARCHIVE: { title: "Archive", help: "The identity becomes RETIRED; its history stays in the ledger." },
};

/** The next step that may be completed, given which are done; null when all are. */
export function nextStep(done: ReadonlySet<RetirementStep>): RetirementStep | null {
  return RETIREMENT_STEPS.find((s) => !done.has(s)) ?? null;
}

/** Why a step cannot be completed now, or null if it can. */
export function refusalFor(step: RetirementStep, done: ReadonlySet<RetirementStep>): string | null {
  if (done.has(step)) return `${STEP_LABELS[step].title} is already done.`;
  const next = nextStep(done);
  if (next !== step)
    return `Steps run in order: complete “${STEP_LABELS[next!].title}” before “${STEP_LABELS[step].title}”.`;
  return null;
}
