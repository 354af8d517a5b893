import { z } from "zod";

const id = z.uuid({ message: "Not a valid id." });
const ids = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(id).min(1, "Choose at least one identity.").max(200, "At most 200 at a time."),
);
const text = (min: number, what: string) =>
  z.string().trim().min(min, `${what} must be at least ${min} characters.`).max(2000, `${what} is too long.`);

export const claimSchema = z.object({ actorIds: ids, justification: text(10, "Justification") });
export type ClaimInput = z.infer<typeof claimSchema>;

export const decideClaimSchema = z
  .object({
    claimId: id,
    decision: z.enum(["APPROVE", "REJECT"]),
    reason: z.string().trim().max(2000).optional(),
  })
  .refine((v) => v.decision === "APPROVE" || (v.reason?.length ?? 0) >= 5, {
    path: ["reason"],
    message: "Say why the claim is rejected (at least 5 characters).",
  });
export type DecideClaimInput = z.infer<typeof decideClaimSchema>;

export const transferSchema = z
  .object({
    actorId: id,
    toId: id.optional().or(z.literal("").transform(() => undefined)),
    toTeamId: id.optional().or(z.literal("").transform(() => undefined)),
    reason: text(5, "Reason"),
  })
  .refine((v) => Boolean(v.toId) !== Boolean(v.toTeamId), {
    path: ["toId"],
    message: "Choose either a person or a team to hand over to.",
  });
export type TransferInput = z.infer<typeof transferSchema>;

export const decideTransferSchema = z.object({
  transferId: id,
  decision: z.enum(["ACCEPT", "DECLINE", "CANCEL"]),
});
export type DecideTransferInput = z.infer<typeof decideTransferSchema>;

export const coOwnerSchema = z.object({ actorId: id, ownerId: id });
export type CoOwnerInput = z.infer<typeof coOwnerSchema>;

export const acceptSuccessionSchema = z.object({ actorIds: ids });
