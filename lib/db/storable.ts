import { z } from "zod";

// What PostgreSQL can take as a parameter. Checked where input is read, so a value it would refuse
// is a 4xx with a message (or a value dropped), never a failed query answered with a 500.

/** Text PostgreSQL can hold: no NUL, no unpaired UTF-16 surrogate. */
export const isStorableText = (v: string): boolean => v.isWellFormed() && !v.includes("\u0000");

/**
 * A time timestamptz can hold and a person could mean: years 1 to 9999. JavaScript's Date takes
 * years back to -271821, past PostgreSQL's 4713 BC.
 */
export const isStorableDate = (d: Date): boolean =>
  !Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;

/** A date a person types into a form: any input Date takes, refused outside years 1 to 9999. */
export const storableDateInput = (message?: string) =>
  z.coerce
    .date(message ? { message } : undefined)
    .refine(isStorableDate, "Choose a date between the years 1 and 9999.");
