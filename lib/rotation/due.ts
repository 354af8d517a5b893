import type { NhiType } from "@/lib/generated/prisma/enums";

export type RotationRule = { nhiType: NhiType | null; platform: string | null; maxAgeDays: number };

/** Used when no policy matches: a year, the longest any static secret should live. */
export const DEFAULT_MAX_AGE_DAYS = 365;

/**
 * The maximum credential age for an NHI: its own rotation period if set, else the most specific
 * policy (type + platform, then type, then platform, then the catch-all), else the default.
 */
export function maxAgeFor(
  rules: RotationRule[],
  nhi: { nhiType: NhiType; platform: string; rotationPeriodDays?: number | null },
): number {
  if (nhi.rotationPeriodDays && nhi.rotationPeriodDays > 0) return nhi.rotationPeriodDays;
  const platform = nhi.platform.toLowerCase();
  const match = (t: NhiType | null, p: string | null) =>
    rules.find((r) => r.nhiType === t && (r.platform?.toLowerCase() ?? null) === p);
  return (
    (match(nhi.nhiType, platform) ?? match(nhi.nhiType, null) ?? match(null, platform) ?? match(null, null))
      ?.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS
  );
}

const DAY = 86_400_000;

/** Due date of a credential: its last rotation (or issue, when never rotated) plus the max age. */
export function dueDate(lastRotatedOrIssued: Date, maxAgeDays: number): Date {
  return new Date(lastRotatedOrIssued.getTime() + maxAgeDays * DAY);
}

export type RotationBucket = "OVERDUE" | "DUE_7" | "DUE_30" | "OK";

export function bucketOf(due: Date | null, now: Date): RotationBucket {
  if (!due) return "OK";
  const left = due.getTime() - now.getTime();
  if (left <= 0) return "OVERDUE";
  if (left <= 7 * DAY) return "DUE_7";
  if (left <= 30 * DAY) return "DUE_30";
  return "OK";
}
