import { z } from "zod";
import { NhiType } from "@/lib/generated/prisma/enums";

export const markRotatedSchema = z.object({
  actorId: z.uuid({ message: "Not a valid id." }),
  credentialId: z
    .uuid()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  fingerprint: z
    .string()
    .trim()
    .min(8, "Enter the new credential's fingerprint (at least 8 characters), never the secret itself.")
    .max(200, "Fingerprint is too long.")
    .regex(/^[A-Za-z0-9:+/=_.-]+$/, "A fingerprint has letters, digits and : + / = _ . - only."),
  label: z.string().trim().max(120).optional(),
});
export type MarkRotatedInput = z.infer<typeof markRotatedSchema>;

const optionalText = z
  .string()
  .trim()
  .max(80)
  .optional()
  .transform((v) => (v ? v : null));

export const rotationPolicySchema = z.object({
  nhiType: z
    .enum(["ANY", ...Object.values(NhiType)])
    .optional()
    .transform((v) => (!v || v === "ANY" ? null : (v as NhiType))),
  platform: optionalText,
  maxAgeDays: z.coerce
    .number({ message: "Enter a number of days." })
    .int("Whole days only.")
    .min(1, "At least 1 day.")
    .max(3650, "At most 10 years."),
});
export type RotationPolicyInput = z.infer<typeof rotationPolicySchema>;

export const deletePolicySchema = z.object({ id: z.uuid() });

export const boardFilterSchema = z.object({
  bucket: z.enum(["overdue", "due7", "due30", "never", "all"]).catch("overdue"),
  scope: z.enum(["mine", "all"]).catch("mine"),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  size: z.coerce.number().int().min(10).max(100).catch(25),
});
export type BoardFilter = z.infer<typeof boardFilterSchema>;
