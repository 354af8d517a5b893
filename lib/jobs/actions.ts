"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { deleteJobs, retryJobs } from "./mutations";
import { jobIdsSchema } from "./schemas";

export const retryJobsAction = defineAction({
  schema: jobIdsSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const n = await retryJobs(ledgerActorOf(user), input);
    revalidatePath("/settings/jobs");
    return n;
  },
});

export const deleteJobsAction = defineAction({
  schema: jobIdsSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const n = await deleteJobs(ledgerActorOf(user), input);
    revalidatePath("/settings/jobs");
    return n;
  },
});
