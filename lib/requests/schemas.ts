import { z } from "zod";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const newRequestSchema = z.object({
  entitlementId: z.uuid({ message: "Choose an entitlement." }),
  /** Whom the access is for; empty = yourself. */
  subjectId: z
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  durationMinutes: z.coerce
    .number({ message: "Choose a duration." })
    .int("Choose a duration.")
    .min(15, "Choose a duration of at least 15 minutes."),
  justification: z
    .string({ message: "Give a justification." })
    .trim()
    .min(10, "Give a justification of at least 10 characters.")
    .max(2000),
  ticketRef: optionalText(100),
  stepUpCode: optionalText(20),
});
type Opt<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
export type NewRequest = Opt<z.infer<typeof newRequestSchema>, "ticketRef" | "stepUpCode">;

export const decideRequestSchema = z.object({
  requestId: z.uuid(),
  decision: z.enum(["APPROVE", "REJECT"]),
  comment: optionalText(1000),
  stepUpCode: optionalText(20),
});
export type DecideRequest = Opt<z.infer<typeof decideRequestSchema>, "comment" | "stepUpCode">;

export const cancelRequestSchema = z.object({ requestId: z.uuid(), reason: optionalText(500) });
export type CancelRequest = Opt<z.infer<typeof cancelRequestSchema>, "reason">;

export const breakGlassSchema = z.object({
  entitlementId: z.uuid({ message: "Choose an entitlement." }),
  durationMinutes: z.coerce.number().int().min(15, "At least 15 minutes."),
  justification: z
    .string({ message: "Say why this cannot wait." })
    .trim()
    .min(10, "Say why this cannot wait (at least 10 characters).")
    .max(2000),
  ticketRef: optionalText(100),
  stepUpCode: optionalText(20),
});
export type BreakGlass = Opt<z.infer<typeof breakGlassSchema>, "ticketRef" | "stepUpCode">;

export const ratifySchema = z.object({ requestId: z.uuid(), stepUpCode: optionalText(20) });

export const revokeGrantSchema = z.object({
  grantId: z.uuid(),
  reason: z
    .string({ message: "Give a reason." })
    .trim()
    .min(5, "Give a reason of at least 5 characters.")
    .max(1000),
});

export const releaseGrantSchema = z.object({ grantId: z.uuid() });

export const suspendActorSchema = z.object({
  actorId: z.uuid(),
  suspend: z.enum(["true", "false"]).transform((v) => v === "true"),
  reason: z
    .string({ message: "Give a reason." })
    .trim()
    .min(5, "Give a reason of at least 5 characters.")
    .max(1000),
});
