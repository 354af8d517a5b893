"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/ownership/caller";
import { deleteRotationPolicy, markRotated, setRotationPolicy } from "./mutations";
import { deletePolicySchema, markRotatedSchema, rotationPolicySchema } from "./schemas";

export const markRotatedAction = defineAction({
  schema: markRotatedSchema,
  permission: "nhi:rotate",
  run: async (input, user) => {
    const out = await markRotated(callerOf(user), input);
    revalidatePath("/ownership", "layout");
    return out;
  },
});

export const setRotationPolicyAction = defineAction({
  schema: rotationPolicySchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const out = await setRotationPolicy(callerOf(user), input);
    revalidatePath("/ownership/rotation");
    return out;
  },
});

export const deleteRotationPolicyAction = defineAction({
  schema: deletePolicySchema,
  permission: "settings:manage",
  run: async (input, user) => {
    await deleteRotationPolicy(callerOf(user), input.id);
    revalidatePath("/ownership/rotation");
  },
});
