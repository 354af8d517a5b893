"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { callerOf } from "@/lib/actions/caller";
import { createApiClient, revokeApiClient } from "./mutations";
import { createApiClientSchema, revokeApiClientSchema } from "./schemas";

export const createApiClientAction = defineAction({
  schema: createApiClientSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const client = await createApiClient(callerOf(user), input);
    revalidatePath("/settings/api-clients");
    return { id: client.id, name: client.name, keyId: client.keyId, token: client.token };
  },
});

export const revokeApiClientAction = defineAction({
  schema: revokeApiClientSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    await revokeApiClient(callerOf(user), input);
    revalidatePath("/settings/api-clients");
  },
});
