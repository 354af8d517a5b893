"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/ownership/caller";
import { completeRetirementStep, startRetirement } from "./mutations";
import { completeStepSchema, startRetirementSchema } from "./schemas";

export const startRetirementAction = defineAction({
  schema: startRetirementSchema,
  permission: "nhi:retire",
  run: async (input, user) => {
    await startRetirement(callerOf(user), input);
    revalidatePath(`/ownership/retire/${input.actorId}`);
  },
});

export const completeRetirementStepAction = defineAction({
  schema: completeStepSchema,
  permission: "nhi:retire",
  run: async (input, user) => {
    const out = await completeRetirementStep(callerOf(user), input);
    revalidatePath(`/ownership/retire/${input.actorId}`);
    return out;
  },
});
