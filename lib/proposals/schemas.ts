import { z } from "zod";

export const decideProposalSchema = z.object({
  proposalId: z.uuid({ message: "Not a valid id." }),
  decision: z.enum(["APPROVE", "REJECT"], { message: "Approve or reject." }),
  note: z.string().trim().max(500).optional(),
  validMinutes: z.coerce
    .number()
    .int()
    .min(1, "At least 1 minute.")
    .max(60, "At most 60 minutes: approvals are for one action now, never standing access.")
    .default(10),
  uses: z.coerce.number().int().min(1).max(10, "At most 10 uses.").default(1),
  stepUpCode: z.string().trim().max(12).optional(),
});
export type DecideProposalInput = z.infer<typeof decideProposalSchema>;

export const proposeSchema = z.object({
  action: z.string().min(1).max(128),
  resource: z.object({ type: z.string().min(1).max(64), id: z.string().min(1).max(512) }),
  operation: z.string().min(1).max(80).optional(),
  arguments: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().trim().min(5, "reason: say why (at least 5 characters)").max(1000),
});
export type ProposeInput = z.infer<typeof proposeSchema>;
