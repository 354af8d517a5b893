import { z } from "zod";

export const startRetirementSchema = z.object({
  actorId: z.uuid({ message: "Not a valid id." }),
  reason: z.string().trim().min(5, "Say why it is being retired (at least 5 characters).").max(2000),
});
export type StartRetirementInput = z.infer<typeof startRetirementSchema>;

export const completeStepSchema = z
  .object({
    actorId: z.uuid({ message: "Not a valid id." }),
    step: z.enum(["DISABLE", "REVOKE_CREDENTIALS", "REMOVE_GRANTS", "CONFIRM_TARGET", "ARCHIVE"], {
      message: "Unknown step.",
    }),
    evidence: z.string().trim().max(2000, "Evidence is too long.").optional(),
  })
  .refine((v) => v.step !== "CONFIRM_TARGET" || (v.evidence?.length ?? 0) >= 5, {
    path: ["evidence"],
    message: "Attest with evidence: a ticket, a link or a note of at least 5 characters.",
  });
export type CompleteStepInput = z.infer<typeof completeStepSchema>;
