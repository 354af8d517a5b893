// The request policy in numbers: how long access may be asked for, how long approvers have,
// and how long break-glass may last. Pure, so the form and the server use the same bounds.

export const MINUTES = { hour: 60, day: 24 * 60 } as const;

/** The policy's ceiling per kind of entitlement; an entitlement's own maximum may be lower. */
export const POLICY_MAX_MINUTES = { privileged: 8 * MINUTES.hour, standard: 90 * MINUTES.day } as const;

export const DURATION_PRESETS = [
  { minutes: 60, label: "1 hour" },
  { minutes: 2 * 60, label: "2 hours" },
  { minutes: 4 * 60, label: "4 hours" },
  { minutes: 8 * 60, label: "8 hours" },
  { minutes: MINUTES.day, label: "1 day" },
  { minutes: 7 * MINUTES.day, label: "7 days" },
  { minutes: 30 * MINUTES.day, label: "30 days" },
  { minutes: 90 * MINUTES.day, label: "90 days" },
] as const;

/** Break-glass lasts at most this long and must be ratified by another admin before its end. */
export const BREAK_GLASS_MAX_MINUTES = 4 * MINUTES.hour;
export const BREAK_GLASS_RATIFY_MINUTES = 60;

/** Each approval stage has this long; then the fallback approver is added once, then it expires. */
export const STAGE_DEADLINE_MINUTES = 24 * MINUTES.hour;

export function maxDurationMinutes(e: { privileged: boolean; maxDurationMinutes: number | null }): number {
  const policy = e.privileged ? POLICY_MAX_MINUTES.privileged : POLICY_MAX_MINUTES.standard;
  return e.maxDurationMinutes && e.maxDurationMinutes > 0 ? Math.min(e.maxDurationMinutes, policy) : policy;
}

export function presetsFor(e: { privileged: boolean; maxDurationMinutes: number | null }) {
  const max = maxDurationMinutes(e);
  return DURATION_PRESETS.filter((p) => p.minutes <= max);
}

export function formatMinutes(m: number): string {
  if (m % MINUTES.day === 0) return `${m / MINUTES.day} day${m === MINUTES.day ? "" : "s"}`;
  if (m % 60 === 0) return `${m / 60} hour${m === 60 ? "" : "s"}`;
  return `${m} minutes`;
}
