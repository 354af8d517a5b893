import { z } from "zod";
import { POLICY_MAX_MINUTES } from "@/lib/requests/limits";

// An entitlement's request settings as an admin edits them. Pure, so the form shows the same
// bounds the server enforces.

/** An entitlement's own maximum: at least 15 minutes, at most the standard policy's 90 days. */
export const MAX_DURATION_BOUNDS = { min: 15, max: POLICY_MAX_MINUTES.standard } as const;

const MINUTES_TEXT = /^\d{1,9}$/;

/** A maximum duration as typed (whole minutes, within the bounds), or null when it is not one. */
export function maxDurationOf(v: string | number): number | null {
  if (typeof v === "string" && !MINUTES_TEXT.test(v)) return null;
  const n = Number(v);
  return Number.isInteger(n) && n >= MAX_DURATION_BOUNDS.min && n <= MAX_DURATION_BOUNDS.max ? n : null;
}

const STALE_FORM = "This form is out of date: reload the page and try again.";
const BOUNDS_MESSAGE = `Give a whole number of minutes from ${MAX_DURATION_BOUNDS.min} to ${MAX_DURATION_BOUNDS.max.toLocaleString("en-US")} (90 days), or the policy default.`;

/** A checkbox: posted as "on" (or true) when ticked, absent when not. */
const flag = z
  .union([z.boolean(), z.enum(["true", "false", "on"])], { message: "Must be true or false." })
  .optional()
  .transform((v) => v === true || v === "true" || v === "on");

/**
 * What the form showed when it was opened, posted back with the save: the save applies only if
 * the entitlement still has these settings, so a second admin's save never silently overwrites
 * the first's. Required: a post without them is refused rather than saved unconditionally.
 */
const shownFlag = z
  .union([z.boolean(), z.enum(["true", "false"])], { message: STALE_FORM })
  .transform((v) => v === true || v === "true");
const shownMinutes = z
  .union([z.number().int().nonnegative().max(2_147_483_647), z.string().regex(/^\d{0,9}$/), z.null()], {
    message: STALE_FORM,
  })
  .transform((v) => (v === null || v === "" ? null : Number(v)));

export const entitlementSettingsSchema = z
  .object({
    entitlementId: z.uuid({ message: "Unknown entitlement." }),
    privileged: flag,
    securitySignOff: flag,
    /** Minutes; "" or null = the request policy's default. Required, so a partial post never clears it. */
    maxDurationMinutes: z
      .union([z.number(), z.string().trim(), z.null()], {
        message: "Choose a maximum duration or the policy default.",
      })
      .transform((v, ctx) => {
        if (v === null || v === "") return null;
        const n = maxDurationOf(v);
        if (n === null) {
          ctx.addIssue({ code: "custom", message: BOUNDS_MESSAGE });
          return z.NEVER;
        }
        return n;
      }),
    shownPrivileged: shownFlag,
    shownMaxDurationMinutes: shownMinutes,
    shownSecuritySignOff: shownFlag,
  })
  .transform((v) => ({
    entitlementId: v.entitlementId,
    settings: {
      privileged: v.privileged,
      maxDurationMinutes: v.maxDurationMinutes,
      securitySignOff: v.securitySignOff,
    },
    shown: {
      privileged: v.shownPrivileged,
      maxDurationMinutes: v.shownMaxDurationMinutes,
      securitySignOff: v.shownSecuritySignOff,
    },
  }));
export type EntitlementSettings = {
  privileged: boolean;
  maxDurationMinutes: number | null;
  securitySignOff: boolean;
};

/** The hidden form fields that carry what the form showed (see `shownPrivileged` above). */
export const SHOWN_FIELDS = ["shownPrivileged", "shownMaxDurationMinutes", "shownSecuritySignOff"] as const;
export function shownFields(s: EntitlementSettings) {
  return {
    shownPrivileged: s.privileged ? "true" : "false",
    shownMaxDurationMinutes: s.maxDurationMinutes === null ? "" : String(s.maxDurationMinutes),
    shownSecuritySignOff: s.securitySignOff ? "true" : "false",
  } as const satisfies Record<(typeof SHOWN_FIELDS)[number], string>;
}

const SETTING_KEYS = ["privileged", "maxDurationMinutes", "securitySignOff"] as const;

/** The settings that differ, as the ledger records them: only changed keys, before and after. */
export function settingsDiff(before: EntitlementSettings, after: EntitlementSettings) {
  const changed = SETTING_KEYS.filter((k) => before[k] !== after[k]);
  return {
    changed,
    before: Object.fromEntries(changed.map((k) => [k, before[k]])),
    after: Object.fromEntries(changed.map((k) => [k, after[k]])),
  };
}
