"use server";

import { revalidatePath } from "next/cache";
import { defineAction } from "@/lib/actions/result";
import { ledgerActorOf } from "@/lib/auth/session";
import { createApiClient, revokeApiClient } from "./mutations";
import { createApiClientSchema, revokeApiClientSchema } from "./schemas";

export const createApiClientAction = defineAction({
  schema: createApiClientSchema,
  permission: "settings:manage",
  run: async (input, user) => {
    const client = await createApiClient(input, ledgerActorOf(user), user.id);
    revalidatePath("/settings/api-clients");
    return { id: client.id, name: client.name, keyId: client.keyId, token: client.token };
  },
});

export const revokeApiClientAction = defineAction({
  schema: revokeApiClientSchema,
  permission: "settings:manage",
  run: async ({ id }, user) => {
    await revokeApiClient(id, ledgerActorOf(user));
    revalidatePath("/settings/api-clients");
  },
});
