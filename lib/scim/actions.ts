"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { createScimToken, revokeScimToken } from "./tokens";

export const createScimTokenAction = defineAction({
  schema: z.object({
    name: z
      .string()
      .trim()
      .min(1, "Give the token a name, e.g. the IdP it is for")
      .max(100, "At most 100 characters"),
  }),
  permission: "settings:manage",
  run: async ({ name }, user) => {
    const created = await createScimToken(name, ledgerActorOf(user), user.id);
    revalidatePath("/settings/scim");
    return created;
  },
});

export const revokeScimTokenAction = defineAction({
  schema: z.object({ id: z.uuid("Unknown token") }),
  permission: "settings:manage",
  run: async ({ id }, user) => {
    await revokeScimToken(id, ledgerActorOf(user));
    revalidatePath("/settings/scim");
    return { id };
  },
});
