"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { Invalid } from "@/lib/errors";
import { markRead } from "./queries";

export const markInboxReadAction = defineAction({
  schema: z.object({
    ids: z.preprocess((v) => (typeof v === "string" ? [v] : v), z.array(z.uuid()).max(200)).optional(),
    all: z.literal("true").optional(),
  }),
  permission: "dashboard:view",
  run: async (input, user) => {
    if (!user.actorId) throw new Invalid("Your account is not linked to a person, so it has no inbox.");
    const count = await markRead(user.actorId, input.all ? "all" : (input.ids ?? []));
    revalidatePath("/ownership/inbox");
    return { count };
  },
});
