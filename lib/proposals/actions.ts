"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { requireStepUp } from "@/lib/auth/step-up";
import { Invalid } from "@/lib/errors";
import { decideProposal } from "./mutations";
import { decideProposalSchema } from "./schemas";

// The sponsor or the on-behalf-of person decides; the proposal's `where` checks which one.
export const decideProposalAction = defineAction({
  schema: decideProposalSchema,
  permission: "dashboard:view",
  run: async (input, user) => {
    if (!user.actorId)
      throw new Invalid("Your account is not linked to a person, so it decides no proposals.");
    const stepUpAt = await requireStepUp(user, input.stepUpCode);
    const out = await decideProposal(
      { actorId: user.actorId, ledger: { id: user.id, kind: "USER", name: user.name } },
      input,
      stepUpAt,
    );
    revalidatePath("/proposals");
    return out;
  },
});
