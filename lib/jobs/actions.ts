"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/actions/caller";
import { deleteJobs, retryJobs } from "./mutations";
import { jobIdsSchema } from "./schemas";

export const retryJobsAction = defineAction({
  schema: jobIdsSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const n = await retryJobs(callerOf(user), input);
    revalidatePath("/settings/jobs");
    return n;
  },
});

export const deleteJobsAction = defineAction({
  schema: jobIdsSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const n = await deleteJobs(callerOf(user), input);
    revalidatePath("/settings/jobs");
    return n;
  },
});
